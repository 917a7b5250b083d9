package lab.portal.cost;

import lab.portal.experiment.Measures;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cost panel: the learner's measured resident memory and cold-start gap, priced at their own rates. */
@Service
public class CostPanel {
    /** What the panel rests on, as measured. */
    public record Measured(double mlRssMb, double traditionalRssMb, Double coldStartGapS) {
    }

    public record Costs(Measured measured, List<CostModel.Scenario> scenarios) {
    }

    private final ProgressStore store;

    public CostPanel(ProgressStore store) {
        this.store = store;
    }

    /** The costs at these prices, or empty until Experiment 2 has measured memory. */
    public Optional<Costs> costs(double pricePerGbHour, int warmPool, CostModel.Pattern pattern) {
        Map<String, StoredRun> runs = store.latestMeasuredRuns();
        Double ml = figure(runs, Measures.steadyMemory(LabService.ML));
        Double traditional = figure(runs, Measures.steadyMemory(LabService.TRADITIONAL));
        if (ml == null || traditional == null) return Optional.empty();
        Double gap = figure(runs, Measures.coldStartGap(LabService.ML));
        Double traditionalGap = figure(runs, Measures.coldStartGap(LabService.TRADITIONAL));
        return Optional.of(new Costs(new Measured(ml, traditional, gap),
                new CostModel(pricePerGbHour).compare(ml, traditional, warmPool, orNaN(gap), orNaN(traditionalGap), pattern)));
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static Double figure(Map<String, StoredRun> runs, Measures.Measure m) {
        StoredRun r = runs.get(m.experiment());
        return r == null ? null : r.evidence().figure(m.figure());
    }
}
