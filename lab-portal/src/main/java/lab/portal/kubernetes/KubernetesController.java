package lab.portal.kubernetes;

import lab.portal.web.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;

/** The Kubernetes panel: the settings the learner's own runs call for, and the manifest with them in. */
@RestController
class KubernetesController {
    private static final String NOT_YET = "run Experiment 1 (start-up time) and Experiment 3 (resource monitoring) first: "
            + "the probe budgets and the memory come from what they measure";

    private final KubernetesAdvice advice;

    KubernetesController(KubernetesAdvice advice) {
        this.advice = advice;
    }

    @GetMapping(path = "/api/kubernetes", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ProbeAdvice> settings() {
        return advice.advice().orElseThrow(() -> ApiError.conflict("not_measured", NOT_YET));
    }

    @GetMapping(path = "/kubernetes.yaml")
    ResponseEntity<String> manifest() throws IOException {
        List<ProbeAdvice> measured = advice.advice().orElseThrow(() -> ApiError.conflict("not_measured", NOT_YET));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inference-lab-kubernetes.yaml\"")
                .body(advice.manifest(measured));
    }
}
