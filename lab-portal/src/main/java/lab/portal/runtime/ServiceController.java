package lab.portal.runtime;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.portal.experiment.ExperimentRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;

import static lab.portal.guide.JsonAnswers.error;
import static lab.portal.guide.JsonAnswers.json;

/**
 * The learner's own hands on the services: start, stop, restart, scale, and (Docker) rebuild the image.
 * Refused while an experiment runs, since it would spoil what that run measures. Replica states and the
 * build's output then arrive over /live.
 */
@RestController
@RequestMapping(path = "/api/services", produces = MediaType.APPLICATION_JSON_VALUE)
class ServiceController {
    static final int MAX_REPLICAS = 4;

    private final ServiceRuntime runtime;
    private final ExperimentRunner runner;

    ServiceController(ServiceRuntime runtime, ExperimentRunner runner) {
        this.runtime = runtime;
        this.runner = runner;
    }

    @GetMapping
    ResponseEntity<String> list() {
        JsonObject all = new JsonObject();
        for (LabService s : LabService.values()) all.add(s.id(), replicas(runtime.replicas(s)));
        return json(HttpStatus.OK, all);
    }

    @PostMapping("/{service}/{action}")
    ResponseEntity<String> act(@PathVariable String service, @PathVariable String action,
                               @RequestParam(name = "replicas", required = false) Integer replicas) {
        LabService s = Arrays.stream(LabService.values()).filter(x -> x.id().equals(service)).findFirst().orElse(null);
        if (s == null) return error(HttpStatus.NOT_FOUND, "unknown_service", "no service '" + service + "'; the lab has traditional-api and ml-api");
        if (runner.activeRun() >= 0) {
            return error(HttpStatus.CONFLICT, "experiment_running", "an experiment is running and controls the services; wait for it or cancel it");
        }
        try {
            List<Replica> now = switch (action) {
                case "start" -> runtime.start(s);
                case "restart" -> runtime.restart(s);
                case "stop" -> {
                    runtime.stop(s);
                    yield runtime.replicas(s);
                }
                case "scale" -> {
                    if (replicas == null || replicas < 0 || replicas > MAX_REPLICAS) {
                        throw new IllegalArgumentException("scale needs replicas=0.." + MAX_REPLICAS + ", got " + replicas);
                    }
                    yield runtime.scale(s, replicas);
                }
                case "build" -> {
                    if (!(runtime instanceof DockerRuntime docker)) {
                        throw new ServiceRuntime.RuntimeFailure("images are built only with the Docker runtime; this portal uses " + runtime.name());
                    }
                    docker.images().rebuildInBackground(s);
                    yield runtime.replicas(s);
                }
                default -> throw new IllegalArgumentException("unknown action '" + action + "': use start, stop, restart, scale or build");
            };
            return json(HttpStatus.OK, new JsonObject().add("service", s.id()).add("replicas", replicas(now)));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
        } catch (ServiceRuntime.RuntimeFailure e) {
            return error(HttpStatus.CONFLICT, "runtime_failure", e.getMessage());
        }
    }

    private static JsonArray replicas(List<Replica> replicas) {
        JsonArray a = new JsonArray();
        for (Replica r : replicas) {
            JsonObject o = new JsonObject().add("id", r.id()).add("port", r.port()).add("state", r.state().name());
            if (r.exitCode() != null) o.add("exit_code", r.exitCode());
            a.add(o);
        }
        return a;
    }
}
