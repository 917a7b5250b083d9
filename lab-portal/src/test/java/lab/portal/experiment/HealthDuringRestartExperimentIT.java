package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.content.Check;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.local.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthDuringRestartExperimentIT {

    @Test
    void theRestartShowsLiveButNotReadyAndRequestsAreRefusedNotLost() throws Exception {
        Evidence evidence;
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            evidence = LabFixture.run(new HealthDuringRestartExperiment(), runtime, Map.of("poll_ms", 50, "trickle_rate", 20));
        }
        assertThat(evidence.figure("ml.requests_total")).as(evidence.figures().toString()).isGreaterThan(20);
        for (Check check : LabFixture.content().checks()) {
            if (!check.experiment().equals("health")) continue;
            Check.Result r = check.evaluate(evidence.figures());
            assertThat(r.passed()).as(check.id() + ": " + r.message() + " " + evidence.figures()).isTrue();
        }
    }
}
