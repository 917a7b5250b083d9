package lab.portal.cost;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

import static lab.portal.guide.JsonAnswers.error;
import static lab.portal.guide.JsonAnswers.json;

/** The cost panel: the learner's measured RSS and cold-start gap turned into money, for their own prices. */
@RestController
class CostController {
    private final ProgressStore store;

    CostController(ProgressStore store) {
        this.store = store;
    }

    @GetMapping(path = "/api/cost", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> cost(@RequestParam(defaultValue = "0.005") double pricePerGbHour,
                                @RequestParam(defaultValue = "2") double spikeHoursPerDay,
                                @RequestParam(defaultValue = "1") int warmPool) {
        if (!(pricePerGbHour >= 0) || warmPool < 0 || warmPool > 20) {
            return error(HttpStatus.BAD_REQUEST, "bad_request", "price must be ≥ 0 and the warm pool 0..20");
        }
        Map<String, StoredRun> runs = store.latestMeasuredRuns();
        Double ml = figure(runs, "resources", "ml.rss_steady_mb");
        Double traditional = figure(runs, "resources", "traditional.rss_steady_mb");
        Double gap = figure(runs, "scaling", "ml.naive.gap_s");
        Double traditionalGap = figure(runs, "scaling", "traditional.naive.gap_s");
        if (ml == null || traditional == null) {
            return error(HttpStatus.CONFLICT, "not_measured", "run Experiment 2 (resource monitoring) first: the cost is its measured memory");
        }
        CostModel.Pattern pattern;
        try {
            pattern = new CostModel.Pattern(spikeHoursPerDay);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
        }
        JsonArray scenarios = new JsonArray();
        for (CostModel.Scenario s : new CostModel(pricePerGbHour).compare(ml, traditional, warmPool, orNaN(gap), orNaN(traditionalGap), pattern)) {
            scenarios.add(new JsonObject().add("name", s.name()).add("gb_hours_per_day", s.gbHoursPerDay())
                    .add("cost_per_day", s.costPerDay()).add("cost_per_30_days", s.costPer30Days()).add("at_spike", s.atSpike()));
        }
        JsonObject measured = new JsonObject().add("ml_rss_mb", ml).add("traditional_rss_mb", traditional);
        if (gap != null) measured.add("cold_start_gap_s", gap);
        return json(HttpStatus.OK, new JsonObject().add("measured", measured).add("scenarios", scenarios));
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static Double figure(Map<String, StoredRun> runs, String experiment, String name) {
        StoredRun r = runs.get(experiment);
        Double v = r == null ? null : r.evidence().figures().get(name);
        return v == null || v.isNaN() ? null : v;
    }
}
