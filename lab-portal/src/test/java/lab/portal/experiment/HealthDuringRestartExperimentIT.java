package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.runtime.LabService;
import lab.portal.runtime.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiment 4 against the real ml-api as a local process, judged by the lab's own checks. */
class HealthDuringRestartExperimentIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));

    @Test
    void theRestartShowsLiveButNotReadyAndRequestsAreRefusedNotLost() throws Exception {
        Evidence evidence;
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(REPO, Map.of(LabService.ML, ServiceProcess.freePort()),
                Map.of(LabService.ML, Map.of("MODEL_URI", "offline")))) {
            evidence = new HealthDuringRestartExperiment(Duration.ofSeconds(120)).run(runtime, 50, 20, ExperimentProgress.NONE);
        }
        Map<String, Double> f = evidence.figures();
        assertTrue(f.get("ml.requests_total") > 20, f.toString());
        LabContent lab = LabContent.load(REPO.resolve("content/lab.yaml"));
        for (Check check : lab.checks()) {
            if (!check.experiment().equals("health")) continue;
            Check.Result r = check.evaluate(f);
            assertTrue(r.passed(), check.id() + ": " + r.message() + " " + f);
        }
    }
}
