package lab.portal.experiment;

import lab.portal.activity.Stage;
import lab.portal.content.Parameters;
import lab.portal.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Start and cancel experiment runs. Runs take seconds to minutes: starting one answers 202 at once. */
@RestController
@RequestMapping(path = "/api/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
class ExperimentController {
    record Started(long runId, String experiment) {
    }

    record Cancelling(boolean cancelled) {
    }

    private final Experiments experiments;

    ExperimentController(Experiments experiments) {
        this.experiments = experiments;
    }

    /** The learner's changes to the experiment's editable parameters; none: the content's values. */
    record RunRequest(Map<String, Object> parameters) {
    }

    @PostMapping("/{id}/runs")
    ResponseEntity<Started> run(@PathVariable String id, @RequestBody(required = false) RunRequest request) throws Stage.Busy {
        Map<String, Object> changes = request == null || request.parameters() == null ? Map.of() : request.parameters();
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Started(experiments.start(id, changes), id));
        } catch (Experiments.UnknownExperiment unknown) {
            throw ApiError.notFound("unknown_experiment", unknown.getMessage());
        } catch (Parameters.Invalid invalid) {
            throw ApiError.badRequest(invalid.getMessage());
        }
    }

    @PostMapping("/cancel")
    ResponseEntity<Cancelling> cancel() {
        if (!experiments.cancel()) throw ApiError.conflict("nothing_running", "no experiment is running");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Cancelling(true));
    }
}
