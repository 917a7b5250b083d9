package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.content.Check;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.local.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experiment 5 against real replicas on local processes, shortened: capacity measured with the replicas
 * it will have, the spike sized from it, the cold-start gap and the warm pool that closes it, and every one
 * of its checks judged: each passes, or says it is not applicable because this machine is too small (never
 * a silent pass).
 */
class ScalingExperimentIT {

    @Test
    void theColdStartGapAndTheWarmPoolThatClosesIt() throws Exception {
        // Shorter, and the spike a little further past one replica's capacity than the content's 0.2: replicas
        // started by the test's runtime were ready in about 1.9 s (the portal's in about 3 s), and at 0.2 the naive
        // part's backlog had only just passed the objective (33 missed in one run). 0.3 still leaves the warm
        // pool under three quarters of what two replicas sustain.
        Map<String, Object> shortRun = new HashMap<>(Map.of("steady_seconds", 2, "spike_seconds", 6, "spike_between", 0.3));
        shortRun.put("contrast_rate", null);
        Evidence evidence;
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            evidence = LabFixture.run(new ScalingExperiment(), runtime, shortRun);
        }
        Map<String, Double> f = evidence.figures();
        System.out.printf("scaling: one %s two %s req/s (gain %s); spike %s req/s; naive errors %s p99 %s ms gap %s s; warm errors %s p99 %s ms gap %s s%n",
                f.get("ml.capacity_one_rps"), f.get("ml.capacity_two_rps"), f.get("ml.second_replica_gain"), f.get("ml.spike_rps"),
                f.get("ml.naive.spike_errors"), f.get("ml.naive.spike_p99_ms"), f.get("ml.naive.gap_s"), f.get("ml.warm.spike_errors"),
                f.get("ml.warm.spike_p99_ms"), f.get("ml.warm.gap_s"));
        assertThat(f.get("ml.capacity_one_rps")).as("capacity measured through the front: " + f).isPositive();
        var params = LabFixture.parameters("scaling", shortRun);
        double between = params.asFigures().get("param.spike_between");
        assertThat(f.get("ml.spike_rps")).as("the spike lies spike_between of the way from one replica's capacity to two's")
                .isCloseTo(f.get("ml.capacity_one_rps") + between * (f.get("ml.capacity_two_rps") - f.get("ml.capacity_one_rps")),
                        org.assertj.core.data.Offset.offset(1e-6));
        assertThat(f.get("ml.naive.gap_s")).as("the naive replica needed its model load before serving: " + f).isGreaterThan(0.5);
        assertThat(f.get("ml.warm.gap_s")).as("the warm replica answered sooner").isLessThan(f.get("ml.naive.gap_s"));
        assertThat(f.get("ml.warm.idle_cost_mb_s")).as("the standby's idle memory was measured").isGreaterThan(0);
        assertThat(f).as("without contrast_rate there is no traditional part").doesNotContainKey("traditional.naive.gap_s");
        assertThat(evidence.notes()).anyMatch(n -> n.contains("Measured here, through the front"));
        for (Check check : LabFixture.content().checks()) {
            if (!check.experiment().equals("scaling")) continue;
            Check.Result r = check.evaluate(f, params);
            boolean tooSmall = r.outcome() == Check.Outcome.NOT_APPLICABLE && r.message().contains("too small");
            assertThat(r.passed() || tooSmall).as(check.id() + ": " + r.message() + " " + f).isTrue();
        }
    }
}
