package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.runtime.LabService;
import lab.portal.runtime.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiment 1 against the real services as local processes, judged by the lab's own checks. */
class StartupExperimentIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));

    @Test
    void measuresTheTimelineAndTheLabsChecksPass() throws Exception {
        Map<LabService, Integer> ports = Map.of(LabService.TRADITIONAL, ServiceProcess.freePort(), LabService.ML, ServiceProcess.freePort());
        List<String> progress = new ArrayList<>();
        Evidence evidence;
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(REPO, ports, Map.of(LabService.ML, Map.of("MODEL_URI", "offline")))) {
            evidence = new StartupExperiment(Duration.ofSeconds(120)).run(runtime, 2, (m, f) -> progress.add(m));
            assertTrue(runtime.replicas(LabService.ML).isEmpty(), "each measured start is stopped again");
        }
        for (String svc : List.of("traditional", "ml")) {
            double open = evidence.figures().get(svc + ".port_open_s.median");
            double live = evidence.figures().get(svc + ".live_s.median");
            double ready = evidence.figures().get(svc + ".ready_s.median");
            double started = evidence.figures().get(svc + ".started_s.median");
            assertTrue(0 <= started && started < open && open <= live && live <= ready,
                    svc + ": request <= started < port open <= live <= ready: " + evidence.figures());
            assertEquals(2, evidence.series().get(svc + ".timeline").size());
        }
        assertTrue(progress.get(0).startsWith("starting traditional-api (1 of 2)"), progress.toString());
        assertTrue(evidence.figures().get("ml.ready_s.median") > evidence.figures().get("traditional.ready_s.median"));
        // The lab's checks can judge this run: every figure they name was measured. (Whether ml-api is 3×
        // slower depends on the model: the offline one loads in ~1.5 s, DistilBERT in several seconds.)
        LabContent lab = LabContent.load(REPO.resolve("content/lab.yaml"));
        for (Check check : lab.checks()) {
            if (!check.experiment().equals("startup")) continue;
            Check.Result r = check.evaluate(evidence.figures());
            assertTrue(!r.message().startsWith("Not measured"), check.id() + ": " + r.message());
        }
        assertTrue(lab.check("ml-live-before-ready").evaluate(evidence.figures()).passed());
    }

    @Test
    void aServiceThatCannotStartEndsTheRunWithTheReason() throws Exception {
        Path unbuilt = Files.createTempDirectory("no-build");
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(unbuilt, Map.of(), Map.of())) {
            ExperimentFailure e = assertThrows(ExperimentFailure.class,
                    () -> new StartupExperiment(Duration.ofSeconds(10)).run(runtime, 1, ExperimentProgress.NONE));
            assertTrue(e.getMessage().contains("not built"), e.getMessage());
        }
    }
}
