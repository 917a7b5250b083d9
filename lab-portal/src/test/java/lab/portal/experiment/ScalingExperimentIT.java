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
        assertThat(f.get("ml.spike_rps")).as("without Experiment 3's capacity: the content's rate × spike_factor").isEqualTo(30.0);
        assertThat(evidence.notes()).anyMatch(n -> n.contains("run Experiment 3 first"));
        for (String id : new String[]{"cold-start-gap", "warm-pool-closes-gap"}) {
            var r = LabFixture.content().check(id).evaluate(f);
            assertThat(r.passed()).as(id + ": " + r.message()).isTrue();
        }
        System.out.printf("scaling: naive errors %s p99 %s ms; warm errors %s p99 %s ms%n", f.get("ml.naive.spike_errors"),
                f.get("ml.naive.spike_p99_ms"), f.get("ml.warm.spike_errors"), f.get("ml.warm.spike_p99_ms"));
    }

    @Test
    void theSpikeIsSizedFromTheCapacityExperimentThreeMeasured() throws Exception {
        Map<String, Object> shortRun = new HashMap<>(Map.of("spike_factor", 4, "spike_share", 0.5, "steady_seconds", 1, "spike_seconds", 2));
        Map<String, Object> values = new HashMap<>(LabFixture.parameters("scaling", shortRun).values());
        values.remove("contrast_rate");
        ExperimentContext.Earlier measured = (experiment, figure) ->
                experiment.equals("load") && figure.equals("ml.max_sustained_rps") ? java.util.Optional.of(80.0) : java.util.Optional.empty();
        Evidence evidence;
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            evidence = new ScalingExperiment().run(new ExperimentContext(runtime, new lab.portal.content.Parameters("scaling", values), measured,
                    LabFixture.READY_TIMEOUT, new Cancellation(), ExperimentContext.Listener.NONE));
        }
        assertThat(evidence.figures()).containsEntry("ml.spike_rps", 40.0).containsEntry("ml.steady_rps", 10.0);
        assertThat(evidence.notes()).anyMatch(n -> n.contains("0.50 × the 80 req/s ml-api sustained in your Experiment 3"));
    }
}
