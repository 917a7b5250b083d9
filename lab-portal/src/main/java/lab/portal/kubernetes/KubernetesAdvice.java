package lab.portal.kubernetes;

import lab.portal.experiment.Measures;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import lab.portal.settings.LabProperties;
import org.springframework.stereotype.Service;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's Kubernetes manifests (k8s/base) with the probe budgets and memory the learner measured:
 * Experiment 1's slowest start to ready and Experiment 3's resident memory, per service. The manifests
 * stay the one source; only those numbers change, and the file says where they came from.
 */
@Service
public class KubernetesAdvice {
    private final ProgressStore store;
    private final Path base;

    public KubernetesAdvice(ProgressStore store, LabProperties properties) {
        this.store = store;
        this.base = properties.repoPath().resolve("k8s").resolve("base");
    }

    /** The advice for both services, or empty until Experiments 1 and 3 have both measured. */
    public Optional<List<ProbeAdvice>> advice() {
        Map<String, StoredRun> runs = store.latestMeasuredRuns();
        List<ProbeAdvice> out = new ArrayList<>();
        for (LabService service : LabService.values()) {
            Optional<Measures.Sourced> ready = Measures.latest(runs, Measures.slowestReady(service))
                    .or(() -> Measures.latest(runs, Measures.medianReady(service)));
            Optional<Measures.Sourced> rss = Measures.latest(runs, Measures.steadyMemory(service));
            if (ready.isEmpty() || rss.isEmpty()) return Optional.empty();
            out.add(ProbeAdvice.of(service.id(), ready.get(), rss.get()));
        }
        return Optional.of(out);
    }

    /** k8s/base's manifests of both services with the learner's numbers in, as one multi-document YAML. */
    public String manifest(List<ProbeAdvice> advice) throws IOException {
        LoaderOptions loading = new LoaderOptions();
        DumperOptions dumping = new DumperOptions();
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Yaml yaml = new Yaml(new SafeConstructor(loading), new Representer(dumping), dumping, loading);
        StringBuilder out = new StringBuilder("# k8s/base's manifests with the settings this learner measured (AI Inference Ops Lab):\n");
        for (ProbeAdvice a : advice) {
            out.append(String.format("#   %s: ready after %.2f s at the slowest (Experiment 1), %.0f MB resident (Experiment 3)%n", a.service(), a.readyS(),
                    a.rssMb()));
            for (Measures.Sourced s : a.sources()) {
                out.append(String.format("#     %s = %s %s: run %d of %s on %s, ml-api model %s, finished %s%n", s.figure(), fmtValue(s.value()), s.unit(),
                        s.runId(), s.experiment(), s.runtime(), s.model() == null ? "unknown" : s.model(), s.finishedAt()));
            }
        }
        out.append("# Apply with: kubectl apply -f <this file> (the images inference-lab/<service>:latest must be on the nodes).\n");
        for (ProbeAdvice a : advice) {
            for (Object doc : yaml.loadAll(Files.readString(base.resolve(a.service() + ".yaml")))) {
                if (doc instanceof Map<?, ?> resource && "Deployment".equals(resource.get("kind"))) apply(resource, a);
                out.append("---\n").append(yaml.dump(doc));
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<?, ?> deployment, ProbeAdvice a) {
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).get(0);
        Map<String, Object> startup = (Map<String, Object>) container.get("startupProbe");
        startup.put("periodSeconds", a.startupPeriodS());
        startup.put("failureThreshold", a.startupFailureThreshold());
        Map<String, Object> resources = (Map<String, Object>) container.get("resources");
        ((Map<String, Object>) resources.get("requests")).put("memory", a.memoryRequestMi() + "Mi");
        ((Map<String, Object>) resources.get("limits")).put("memory", a.memoryLimitMi() + "Mi");
    }

    private static String fmtValue(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
