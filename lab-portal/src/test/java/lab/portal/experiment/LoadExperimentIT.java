package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.local.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoadExperimentIT {

    @Test
    void theSameRateCostsMlFarMoreAndItsSaturationIsFound() throws Exception {
        Evidence evidence;
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            evidence = LabFixture.run(new LoadExperiment(), runtime, Map.of("rate", 10, "seconds", 3, "saturation_start", 160, "saturation_max", 640,
                    "step_seconds", 2, "nginx_url", "http://127.0.0.1:" + LabFixture.freePort()));
        }
        Map<String, Double> f = evidence.figures();
        assertThat(f.get("ml.p50_ms")).as(f.toString()).isGreaterThan(f.get("traditional.p50_ms"));
        assertThat(f.get("ml.saturation_rps")).as("at 640 req/s on two cores ml-api saturates: " + f).isGreaterThan(0);
        assertThat(LabFixture.content().check("ml-saturation-found").evaluate(f).passed()).isTrue();
        assertThat(evidence.notes()).as("the nginx leg says why it was skipped").anyMatch(n -> n.contains("skipped") && n.contains("nothing answered"));
        assertThat(evidence.series().get("ml.per_second").column("p99_ms")).isNotEmpty();
    }
}
