package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.runtime.LabService;
import lab.portal.runtime.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiment 3 against both real services as local processes: same profile, then ml-api's saturation. */
class LoadExperimentIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));

    @Test
    void theSameRateCostsMlFarMoreAndItsSaturationIsFound() throws Exception {
        Evidence evidence;
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(REPO,
                Map.of(LabService.TRADITIONAL, ServiceProcess.freePort(), LabService.ML, ServiceProcess.freePort()),
                Map.of(LabService.ML, Map.of("MODEL_URI", "offline")))) {
            evidence = new LoadExperiment(Duration.ofSeconds(120)).run(runtime, 10, Duration.ofSeconds(3),
                    List.of(40.0, 160.0, 640.0), Duration.ofSeconds(2), 1000, ExperimentProgress.NONE);
        }
        Map<String, Double> f = evidence.figures();
        assertTrue(f.get("ml.p50_ms") > f.get("traditional.p50_ms"), f.toString());
        assertTrue(f.get("ml.saturation_rps") > 0, "at 640 req/s on two cores ml-api saturates: " + f);
        Check saturation = LabContent.load(REPO.resolve("content/lab.yaml")).check("ml-saturation-found");
        assertTrue(saturation.evaluate(f).passed(), saturation.evaluate(f).message());
    }
}
