package lab.portal.cost;

import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.web.ApiError;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** The cost panel: the learner's measured RSS and cold-start gap turned into money, for their own prices. */
@RestController
class CostController {
    record Measured(double mlRssMb, double traditionalRssMb, Double coldStartGapS) {
    }

    record Costs(Measured measured, List<CostModel.Scenario> scenarios) {
    }

    private final ProgressStore store;

    CostController(ProgressStore store) {
        this.store = store;
    }

    @GetMapping(path = "/api/cost", produces = MediaType.APPLICATION_JSON_VALUE)
    Costs cost(@RequestParam(defaultValue = "0.005") double pricePerGbHour,
               @RequestParam(defaultValue = "2") double spikeHoursPerDay,
               @RequestParam(defaultValue = "1") int warmPool) {
        if (!Double.isFinite(pricePerGbHour) || pricePerGbHour < 0 || !Double.isFinite(spikeHoursPerDay) || warmPool < 0 || warmPool > 20) {
            throw ApiError.badRequest("the price must be a number ≥ 0, the spike hours a number 0..24 and the warm pool 0..20");
        }
        CostModel.Pattern pattern;
        try {
            pattern = new CostModel.Pattern(spikeHoursPerDay);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Map<String, StoredRun> runs = store.latestMeasuredRuns();
        Double ml = figure(runs, "resources", "ml.rss_steady_mb");
        Double traditional = figure(runs, "resources", "traditional.rss_steady_mb");
        if (ml == null || traditional == null) {
            throw ApiError.conflict("not_measured", "run Experiment 2 (resource monitoring) first: the cost is its measured memory");
        }
        Double gap = figure(runs, "scaling", "ml.naive.gap_s");
        Double traditionalGap = figure(runs, "scaling", "traditional.naive.gap_s");
        return new Costs(new Measured(ml, traditional, gap),
                new CostModel(pricePerGbHour).compare(ml, traditional, warmPool, orNaN(gap), orNaN(traditionalGap), pattern));
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static Double figure(Map<String, StoredRun> runs, String experiment, String name) {
        StoredRun r = runs.get(experiment);
        return r == null ? null : r.evidence().figure(name);
    }
}
