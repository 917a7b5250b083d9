package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScalingExperimentIT {

    @Test
    void theColdStartGapAndTheWarmPoolThatClosesIt() throws Exception {
        Evidence evidence;
        Map<String, Object> shortRun = new HashMap<>(Map.of("rate", 10, "spike_factor", 3, "steady_seconds", 2, "spike_seconds", 5));
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            var params = LabFixture.parameters("scaling", shortRun);
            Map<String, Object> withoutContrast = new HashMap<>(params.values());
            withoutContrast.remove("contrast_rate");
            evidence = new ScalingExperiment().run(new ExperimentContext(runtime, new lab.portal.content.Parameters("scaling", withoutContrast),
                    LabFixture.READY_TIMEOUT, new Cancellation(), ExperimentContext.Listener.NONE));
        }
        Map<String, Double> f = evidence.figures();
        assertThat(f.get("ml.naive.gap_s")).as("the naive replica needed its model load before serving: " + f).isGreaterThan(0.5);
        assertThat(f.get("ml.warm.gap_s")).as("the warm replica joined sooner").isLessThan(f.get("ml.naive.gap_s"));
        assertThat(f.get("ml.warm.idle_cost_mb_s")).as("the standby's idle memory was measured").isGreaterThan(0);
        assertThat(f).as("without contrast_rate there is no traditional part").doesNotContainKey("traditional.naive.gap_s");
        for (String id : new String[]{"cold-start-gap", "warm-pool-closes-gap"}) {
            var r = LabFixture.content().check(id).evaluate(f);
            assertThat(r.passed()).as(id + ": " + r.message()).isTrue();
        }
    }
}
