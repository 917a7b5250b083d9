package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.runtime.LabService;
import lab.portal.runtime.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Experiment 5 with real ml-api replicas behind the ready-only front: scaled naively, the second
 * replica joins only after its model has loaded; from a warm pool it joins at once, at a measured cost.
 */
class ScalingExperimentIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));

    @Test
    void theColdStartGapAndTheWarmPoolThatClosesIt() throws Exception {
        Evidence naive;
        Evidence warm;
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(REPO, Map.of(LabService.ML, ServiceProcess.freePort()),
                Map.of(LabService.ML, Map.of("MODEL_URI", "offline")))) {
            ScalingExperiment experiment = new ScalingExperiment(Duration.ofSeconds(120));
            naive = experiment.run(runtime, LabService.ML, 10, 3, Duration.ofSeconds(2), Duration.ofSeconds(5), false, ExperimentProgress.NONE);
            warm = experiment.run(runtime, LabService.ML, 10, 3, Duration.ofSeconds(2), Duration.ofSeconds(5), true, ExperimentProgress.NONE);
        }
        double naiveGap = naive.figures().get("ml.naive.gap_s");
        double warmGap = warm.figures().get("ml.warm.gap_s");
        assertTrue(naiveGap > 0.5, "the naive replica needed its model load before serving: " + naive.figures());
        assertTrue(warmGap < naiveGap, "the warm replica joined sooner: " + warmGap + " < " + naiveGap);
        assertTrue(warm.figures().get("ml.warm.idle_cost_mb_s") > 0, "the standby's idle memory was measured: " + warm.figures());
        java.util.Map<String, Double> both = new java.util.HashMap<>(naive.figures());
        both.putAll(warm.figures());
        lab.portal.content.LabContent content = lab.portal.content.LabContent.load(REPO.resolve("content/lab.yaml"));
        for (String id : new String[]{"cold-start-gap", "warm-pool-closes-gap"}) {
            var r = content.check(id).evaluate(both);
            assertTrue(r.passed(), id + ": " + r.message());
        }
    }
}
