package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.content.LabContent;
import lab.portal.runtime.LabService;
import lab.portal.runtime.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiment 2 against both real services as local processes, judged by the lab's own check. */
class ResourceExperimentIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));

    @Test
    void theMlServiceHoldsSeveralTimesTheMemory() throws Exception {
        Evidence evidence;
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(REPO,
                Map.of(LabService.TRADITIONAL, ServiceProcess.freePort(), LabService.ML, ServiceProcess.freePort()),
                Map.of(LabService.ML, Map.of("MODEL_URI", "offline")))) {
            evidence = new ResourceExperiment(Duration.ofSeconds(120)).run(runtime, Duration.ofSeconds(3), Duration.ofSeconds(4), 5,
                    ExperimentProgress.NONE);
        }
        Map<String, Double> f = evidence.figures();
        for (String svc : new String[]{"traditional", "ml"}) {
            assertTrue(f.get(svc + ".rss_idle_mb") > 10 && f.get(svc + ".rss_steady_mb") > 10, f.toString());
            assertTrue(f.get(svc + ".rss_peak_mb") >= f.get(svc + ".rss_steady_mb"), f.toString());
            assertTrue(evidence.series().get(svc + ".rss_mb").size() >= 5, "about one sample a second: " + evidence.series().get(svc + ".rss_mb").size());
        }
        var check = LabContent.load(REPO.resolve("content/lab.yaml")).check("ml-memory-3x").evaluate(f);
        assertTrue(check.passed(), check.message());
    }
}
