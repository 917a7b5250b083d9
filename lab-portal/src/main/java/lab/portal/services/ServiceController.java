package lab.portal.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
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
import java.util.Locale;
import java.util.Map;

/** The Services panel's buttons: start, stop, restart, scale, and (Docker) rebuild the image. Replica states then arrive over /live. */
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

    private final ServiceControls controls;

    ServiceController(ServiceControls controls) {
        this.controls = controls;
    }

    @GetMapping
    Map<String, List<ReplicaView>> list() {
        Map<String, List<ReplicaView>> all = new LinkedHashMap<>();
        controls.replicas().forEach((s, replicas) -> all.put(s.id(), ReplicaView.of(replicas)));
        return all;
    }

    @PostMapping("/{service}/{action}")
    ServiceView act(@PathVariable String service, @PathVariable String action,
                    @RequestParam(name = "replicas", required = false) Integer replicas) {
        LabService s = Arrays.stream(LabService.values()).filter(x -> x.id().equals(service)).findFirst()
                .orElseThrow(() -> ApiError.notFound("unknown_service", "no service '" + service + "'; the lab has traditional-api and ml-api"));
        ServiceControls.Action a = Arrays.stream(ServiceControls.Action.values()).filter(x -> x.name().toLowerCase(Locale.ROOT).equals(action))
                .findFirst().orElseThrow(() -> ApiError.badRequest("unknown action '" + action + "': use start, stop, restart, scale or build"));
        try {
            return new ServiceView(s.id(), ReplicaView.of(controls.act(s, a, replicas)));
        } catch (IllegalArgumentException bad) {
            throw ApiError.badRequest(bad.getMessage());
        } catch (ServiceControls.Refused r) {
            throw ApiError.conflict(r.experimentRunning() ? "experiment_running" : "runtime_failure", r.getMessage());
        }
    }
}
