package lab.portal.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import lab.portal.experiment.ExperimentRunner;
import lab.portal.ops.PortalMetrics;
import lab.portal.runtime.DockerRuntime;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.web.ApiError;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learner's own hands on the services: start, stop, restart, scale, and (Docker) rebuild the image.
 * Refused while an experiment runs, since it would spoil what that run measures. Replica states and the
 * build's output then arrive over /live.
 */
@RestController
@RequestMapping(path = "/api/services", produces = MediaType.APPLICATION_JSON_VALUE)
class ServiceController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReplicaView(String id, int port, String state, Integer exitCode) {
        static List<ReplicaView> of(List<Replica> replicas) {
            return replicas.stream().map(r -> new ReplicaView(r.id(), r.port(), r.state().name(), r.exitCode())).toList();
        }
    }

    record ServiceView(String service, List<ReplicaView> replicas) {
    }

    private final ServiceRuntime runtime;
    private final ExperimentRunner runner;
    private final PortalMetrics metrics;

    ServiceController(ServiceRuntime runtime, ExperimentRunner runner, PortalMetrics metrics) {
        this.runtime = runtime;
        this.runner = runner;
        this.metrics = metrics;
    }

    @GetMapping
    Map<String, List<ReplicaView>> list() {
        Map<String, List<ReplicaView>> all = new LinkedHashMap<>();
        for (LabService s : LabService.values()) all.put(s.id(), ReplicaView.of(runtime.replicas(s)));
        return all;
    }

    @PostMapping("/{service}/{action}")
    ServiceView act(@PathVariable String service, @PathVariable String action,
                    @RequestParam(name = "replicas", required = false) Integer replicas) {
        LabService s = Arrays.stream(LabService.values()).filter(x -> x.id().equals(service)).findFirst()
                .orElseThrow(() -> ApiError.notFound("unknown_service", "no service '" + service + "'; the lab has traditional-api and ml-api"));
        if (runner.activeRun() >= 0) {
            throw ApiError.conflict("experiment_running", "an experiment is running and controls the services; wait for it or cancel it");
        }
        try {
            List<Replica> now = perform(s, action, replicas);
            metrics.runtimeOperation(s.id(), action, true);
            return new ServiceView(s.id(), ReplicaView.of(now));
        } catch (ServiceRuntime.RuntimeFailure e) {
            metrics.runtimeOperation(s.id(), action, false);
            throw ApiError.conflict("runtime_failure", e.getMessage());
        }
    }

    private List<Replica> perform(LabService s, String action, Integer replicas) throws ServiceRuntime.RuntimeFailure {
        return switch (action) {
            case "start" -> runtime.start(s);
            case "restart" -> runtime.restart(s);
            case "stop" -> {
                runtime.stop(s);
                yield runtime.replicas(s);
            }
            case "scale" -> {
                if (replicas == null || replicas < 0 || replicas > ServiceRuntime.MAX_REPLICAS) {
                    throw ApiError.badRequest("scale needs replicas=0.." + ServiceRuntime.MAX_REPLICAS + ", got " + replicas);
                }
                yield runtime.scale(s, replicas);
            }
            case "build" -> {
                if (!(runtime instanceof DockerRuntime docker)) {
                    throw ApiError.conflict("runtime_failure", "images are built only with the Docker runtime; this portal uses " + runtime.name());
                }
                docker.images().rebuildInBackground(s);
                yield runtime.replicas(s);
            }
            default -> throw ApiError.badRequest("unknown action '" + action + "': use start, stop, restart, scale or build");
        };
    }
}
