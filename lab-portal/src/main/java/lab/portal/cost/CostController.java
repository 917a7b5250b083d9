package lab.portal.cost;

import lab.portal.web.ApiError;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The cost panel: the learner's measured RSS and cold-start gap turned into money, for their own prices. */
@RestController
class CostController {
    private final CostPanel panel;

    CostController(CostPanel panel) {
        this.panel = panel;
    }

    @GetMapping(path = "/api/cost", produces = MediaType.APPLICATION_JSON_VALUE)
    CostPanel.Costs cost(@RequestParam(defaultValue = "0.005") double pricePerGbHour,
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
        return panel.costs(pricePerGbHour, warmPool, pattern)
                .orElseThrow(() -> ApiError.conflict("not_measured", "run Experiment 3 (resource monitoring) first: the cost is its measured memory"));
    }
}
