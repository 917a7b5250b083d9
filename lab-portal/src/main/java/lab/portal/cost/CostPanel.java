package lab.portal.cost;

import lab.portal.experiment.Measures;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The cost panel: the learner's measured resident memory and cold-start gap, priced at their own rates. */
@Service
public class CostPanel {
    /** What the panel rests on, as measured. */
    public record Measured(double mlRssMb, double traditionalRssMb, Double coldStartGapS) {
    }

    /** The prices' inputs, each with the run, runtime and model it came from. */
    public record Costs(Measured measured, List<Measures.Sourced> sources, List<CostModel.Scenario> scenarios) {
    }

    private final ProgressStore store;

    public CostPanel(ProgressStore store) {
        this.store = store;
    }

    /** The costs at these prices, or empty until Experiment 3 has measured memory. */
    public Optional<Costs> costs(double pricePerGbHour, int warmPool, CostModel.Pattern pattern) {
        Map<String, StoredRun> runs = store.latestMeasuredRuns();
        Optional<Measures.Sourced> ml = Measures.latest(runs, Measures.steadyMemory(LabService.ML));
        Optional<Measures.Sourced> traditional = Measures.latest(runs, Measures.steadyMemory(LabService.TRADITIONAL));
        if (ml.isEmpty() || traditional.isEmpty()) return Optional.empty();
        Optional<Measures.Sourced> gap = Measures.latest(runs, Measures.coldStartGap(LabService.ML));
        Optional<Measures.Sourced> traditionalGap = Measures.latest(runs, Measures.coldStartGap(LabService.TRADITIONAL));
        List<Measures.Sourced> sources = Stream.of(ml, traditional, gap, traditionalGap).flatMap(Optional::stream).toList();
        return Optional.of(new Costs(new Measured(ml.get().value(), traditional.get().value(), gap.map(Measures.Sourced::value).orElse(null)), sources,
                new CostModel(pricePerGbHour).compare(ml.get().value(), traditional.get().value(), warmPool, valueOrNaN(gap), valueOrNaN(traditionalGap),
                        pattern)));
    }

    private static double valueOrNaN(Optional<Measures.Sourced> v) {
        return v.map(Measures.Sourced::value).orElse(Double.NaN);
    }
}
