package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.local.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceExperimentIT {

    @Test
    void theMlServiceHoldsSeveralTimesTheMemory() throws Exception {
        Evidence evidence;
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            evidence = LabFixture.run(new ResourceExperiment(), runtime, Map.of("idle_seconds", 3, "load_seconds", 4));
        }
        Map<String, Double> f = evidence.figures();
        for (String svc : new String[]{"traditional", "ml"}) {
            assertThat(f.get(svc + ".rss_idle_mb")).as(f.toString()).isGreaterThan(10);
            assertThat(f.get(svc + ".rss_steady_mb")).as(f.toString()).isGreaterThan(10);
            assertThat(f.get(svc + ".rss_peak_mb")).as(f.toString()).isGreaterThanOrEqualTo(f.get(svc + ".rss_steady_mb"));
            assertThat(evidence.series().get(svc + ".resources").rows()).as("about one sample a second").hasSizeGreaterThanOrEqualTo(5);
        }
        var check = LabFixture.content().check("ml-memory-much-larger").evaluate(f);
        assertThat(check.passed()).as(check.message()).isTrue();
    }
}
