package lab.portal.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import lab.portal.LabFixture;
import lab.portal.settings.LabProperties;
import lab.portal.evidence.Evidence;
import lab.portal.progress.ProgressStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Probe budgets and memory from the learner's own runs, written into the repository's manifests. */
class KubernetesAdviceTest {

    @Test
    void theStartupBudgetAndMemoryFollowWhatWasMeasured() {
        ProbeAdvice slow = ProbeAdvice.of("ml-api", 35, 1180);
        assertThat(slow.startupFailureThreshold() * slow.startupPeriodS()).as("three times the slowest start").isGreaterThanOrEqualTo(105);
        assertThat(slow.memoryRequestMi()).isGreaterThanOrEqualTo(1180);
        assertThat(slow.memoryLimitMi()).isGreaterThanOrEqualTo(1770);
        assertThat(slow.naive().wouldKill()).as("a 35 s load outlives the naive probe's 30 s").isTrue();
        assertThat(slow.naive().verdict()).contains("kills it at 30 s", "CrashLoopBackOff");

        ProbeAdvice quick = ProbeAdvice.of("ml-api", 0.9, 253);
        assertThat(quick.startupFailureThreshold()).as("never below a floor: a busy node starts slower").isEqualTo(ProbeAdvice.MIN_STARTUP_FAILURES);
        assertThat(quick.naive().wouldKill()).isFalse();
        assertThat(quick.naive().verdict()).contains("yours would survive", "30–45 s");
    }

    @Test
    void theManifestIsTheRepositorysWithTheLearnersNumbersIn() throws Exception {
        ProgressStore store = LabFixture.store();
        long startup = store.startRun("startup", "local processes", Map.of());
        store.finishRun(startup, Evidence.builder().figure("ml.ready_s.max", 12.3).figure("traditional.ready_s.max", 0.3).build(), List.of(), "m");
        KubernetesAdvice advice = new KubernetesAdvice(store, properties());
        assertThat(advice.advice()).as("nothing until Experiment 3 has measured too").isEmpty();
        long resources = store.startRun("resources", "local processes", Map.of());
        store.finishRun(resources, Evidence.builder().figure("ml.rss_steady_mb", 700.0).figure("traditional.rss_steady_mb", 60.0).build(), List.of(), "m");

        List<ProbeAdvice> measured = advice.advice().orElseThrow();
        String yaml = advice.manifest(measured);
        assertThat(yaml).startsWith("# k8s/base's manifests").contains("ml-api: ready after 12.30 s");
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        List<Deployment> deployments = new ArrayList<>();
        for (JsonNode doc : mapper.readValues(new YAMLFactory().createParser(yaml), JsonNode.class).readAll()) {
            if (doc.path("kind").asText().equals("Deployment")) deployments.add(mapper.treeToValue(doc, Deployment.class));
        }
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactly("traditional-api", "ml-api");
        Container ml = deployments.get(1).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(ml.getStartupProbe().getFailureThreshold() * ml.getStartupProbe().getPeriodSeconds()).isGreaterThanOrEqualTo(37);
        assertThat(Quantity.getAmountInBytes(ml.getResources().getLimits().get("memory")).longValue()).isGreaterThanOrEqualTo(1050L << 20);
        assertThat(ml.getLivenessProbe().getHttpGet().getPath()).as("the rest as the repository has it").isEqualTo("/v2/health/live");
    }

    private static LabProperties properties() {
        return new LabProperties(LabFixture.REPO.toString(), "content/lab.yaml", "/tmp", LabProperties.RuntimeMode.LOCAL, "unix:///nowhere",
                Duration.ofSeconds(30), List.of(), "v", "", new LabProperties.Services(new LabProperties.Service(1, "t", "b", 0, "", ""),
                new LabProperties.Service(2, "m", "b", 0, "", "")));
    }
}
