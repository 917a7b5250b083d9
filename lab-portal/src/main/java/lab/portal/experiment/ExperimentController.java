package lab.portal.experiment;

import com.eclipsesource.json.JsonObject;
import lab.portal.progress.ProgressStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static lab.portal.guide.JsonAnswers.error;
import static lab.portal.guide.JsonAnswers.json;

/** Run, cancel and read experiment runs. Runs take seconds to minutes: starting one answers 202 at once. */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class ExperimentController {
    private final ExperimentRunner runner;
    private final ProgressStore store;

    ExperimentController(ExperimentRunner runner, ProgressStore store) {
        this.runner = runner;
        this.store = store;
    }

    @PostMapping("/experiments/{id}/runs")
    ResponseEntity<String> run(@PathVariable String id) {
        try {
            long runId = runner.start(id);
            return json(HttpStatus.ACCEPTED, new JsonObject().add("run_id", runId).add("experiment", id));
        } catch (ExperimentRunner.Busy busy) {
            return error(HttpStatus.CONFLICT, "busy", busy.getMessage());
        } catch (IllegalArgumentException unknown) {
            return error(HttpStatus.NOT_FOUND, "unknown_experiment", unknown.getMessage());
        }
    }

    @PostMapping("/experiments/cancel")
    ResponseEntity<String> cancel() {
        return runner.cancel() ? json(HttpStatus.ACCEPTED, new JsonObject().add("cancelled", true))
                : error(HttpStatus.CONFLICT, "nothing_running", "no experiment is running");
    }

    @GetMapping("/runs/{id}")
    ResponseEntity<String> runById(@PathVariable long id) {
        return store.run(id).map(r -> json(HttpStatus.OK, r.toJson()))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "unknown_run", "no run " + id));
    }
}
