package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.LabService;
import lab.portal.runtime.local.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupExperimentIT {

    @Test
    void measuresTheTimelineAndTheLabsChecksPass() throws Exception {
        List<String> progress = new ArrayList<>();
        Evidence evidence;
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            ExperimentContext context = LabFixture.context(runtime, new ExperimentContext.Listener() {
                        @Override
                        public void progress(String message, double fraction) {
                            progress.add(message);
                        }

                        @Override
                        public void point(String series, List<String> columns, List<Double> row) {
                        }
                    });
            evidence = LabFixture.run(new StartupExperiment(), context, Map.of("repetitions", 2));
            assertThat(runtime.replicas(LabService.ML)).as("each measured start is stopped again").isEmpty();
        }
        for (String svc : List.of("traditional", "ml")) {
            double started = evidence.figure(svc + ".started_s.median"), open = evidence.figure(svc + ".port_open_s.median");
            double live = evidence.figure(svc + ".live_s.median"), ready = evidence.figure(svc + ".ready_s.median");
            assertThat(0 <= started && started < open && open <= live && live <= ready)
                    .as(svc + ": request <= started < port open <= live <= ready: " + evidence.figures()).isTrue();
            assertThat(evidence.series().get(svc + ".timeline").rows()).hasSize(2);
        }
        assertThat(progress.get(0)).startsWith("starting traditional-api (1 of 2)");
        assertThat(evidence.figure("ml.ready_s.median")).isGreaterThan(evidence.figure("traditional.ready_s.median"));
        // The lab's own verdict on two real services started correctly: every startup check passes.
        LabContent lab = LabFixture.content();
        for (Check check : lab.checks()) {
            if (!check.experiment().equals("startup")) continue;
            Check.Result verdict = check.evaluate(evidence.figures());
            assertThat(verdict.outcome()).as(check.id() + ": " + verdict.message()).isEqualTo(Check.Outcome.PASSED);
        }
    }

    @Test
    void aServiceThatCannotStartEndsTheRunWithTheReason() throws Exception {
        try (LocalProcessRuntime runtime = new LocalProcessRuntime(Files.createTempDirectory("no-build"), LabFixture.services(), null)) {
            assertThatThrownBy(() -> LabFixture.run(new StartupExperiment(), runtime, Map.of("repetitions", 1)))
                    .isInstanceOf(ExperimentFailure.class).hasMessageContaining("not built");
        }
    }
}
