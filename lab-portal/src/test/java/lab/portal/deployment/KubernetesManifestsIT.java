package lab.portal.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import lab.portal.LabFixture;
import lab.process.MachineTool;
import lab.process.ServiceProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests (k8s/), offline: every overlay renders with kubectl's kustomize; what it renders
 * parses against the Kubernetes API model (fabric8) without one field the model does not know; each probe
 * points at a path the service answers, of the kind the probe needs — checked against the real jars: live
 * while the model loads, ready only after; the startup budget covers the start measured here; memory
 * limits sit above the resident memory measured here, with headroom.
 */
class KubernetesManifestsIT {
    private static final Path K8S = LabFixture.REPO.resolve("k8s");
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class, "Service", Service.class,
            "PodDisruptionBudget", PodDisruptionBudget.class, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyOverlayRendersAndParsesStrictlyAgainstTheKubernetesModel() throws Exception {
        for (String overlay : List.of("offline", "zoo")) {
            List<HasMetadata> resources = render(overlay);
            assertThat(resources).extracting(r -> r.getKind() + "/" + r.getMetadata().getName()).as(overlay)
                    .contains("Deployment/ml-api", "Deployment/traditional-api", "Service/ml-api", "Service/traditional-api",
                            "PodDisruptionBudget/ml-api", "HorizontalPodAutoscaler/ml-api");
            for (HasMetadata r : resources) {
                assertThat(unknownFields(r, r.getKind())).as(overlay + ": fields the Kubernetes API does not have").isEmpty();
            }
            for (Deployment d : deployments(resources)) {
                Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
                int drain = Integer.parseInt(env(c, "SHUTDOWN_GRACE_S"));
                assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).as(d.getMetadata().getName()
                        + ": the grace covers the preStop pause and the drain").isGreaterThanOrEqualTo(5L + drain);
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as("liveness never depends on the model").isEqualTo("/v2/health/live");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
                assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
            }
        }
        Deployment zoo = deployment(render("zoo"), "ml-api");
        assertThat(zoo.getSpec().getTemplate().getSpec().getInitContainers()).singleElement()
                .satisfies(init -> assertThat(init.getArgs()).containsExactly("fetch"));
        assertThat(budgetSeconds(zoo)).as("the zoo's startup budget covers a download").isGreaterThanOrEqualTo(300);
    }

    @Test
    void probesMatchWhatTheRealServicesAnswerAndLimitsCoverWhatTheyUse() throws Exception {
        Assumptions.assumeTrue(MachineTool.KUBECTL.availableForTests(), MachineTool.KUBECTL.missing());
        List<HasMetadata> offline = render("offline");
        for (String name : List.of("traditional-api", "ml-api")) {
            Deployment d = deployment(offline, name);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(env(c, "PORT"))));
            Map<String, String> env = new HashMap<>();
            c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
            // as the manifest says, but on this machine: a free port on loopback, a cache of the user's
            env.put("PORT", Integer.toString(ServiceProcess.freePort()));
            env.put("BIND", "127.0.0.1");
            if (env.containsKey("MODEL_CACHE_DIR")) env.put("MODEL_CACHE_DIR", System.getProperty("user.home") + "/.cache/inference-lab");
            Path jar = LabFixture.REPO.resolve(name + "/target/" + name + ".jar");
            try (ServiceProcess s = ServiceProcess.start(jar, env)) {
                long t0 = System.nanoTime();
                boolean liveWhileNotReady = false;
                while (s.status(c.getReadinessProbe().getHttpGet().getPath()) != 200) {
                    assertThat(s.isAlive()).as(name + " runs: " + s.log()).isTrue();
                    if (s.status(c.getLivenessProbe().getHttpGet().getPath()) == 200) liveWhileNotReady = true;
                    Thread.sleep(10);
                }
                double readyS = (System.nanoTime() - t0) / 1e9;
                if (name.equals("ml-api")) assertThat(liveWhileNotReady).as("ml-api's liveness path answers while its model loads").isTrue();
                assertThat((double) budgetSeconds(d)).as(name + ": the startup budget covers the start measured here (" + readyS + " s) three times over")
                        .isGreaterThanOrEqualTo(3 * readyS);
                Set<String> answered = paths(s.port());
                for (Probe p : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                    assertThat(answered).as(name + ": its probes' paths are in its own API description").contains(p.getHttpGet().getPath());
                    assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo(c.getPorts().get(0).getName());
                }
                for (int i = 0; i < 200; i++) analyze(s.port());
                Thread.sleep(1000);
                long rss = s.residentBytes();
                long limit = Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValue();
                long request = Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")).longValue();
                assertThat(limit).as(name + ": limit ≥ 1.5 × the " + rss / 1048576 + " MB it holds here").isGreaterThanOrEqualTo(rss * 3 / 2);
                assertThat(request).as(name + ": request ≥ what it holds here").isGreaterThanOrEqualTo(rss);
            }
        }
    }

    private static List<HasMetadata> render(String overlay) throws IOException, InterruptedException {
        Assumptions.assumeTrue(MachineTool.KUBECTL.availableForTests(), MachineTool.KUBECTL.missing());
        // stderr apart: a current kubectl warns there about the field names kept for kustomize 2 (k8s/base/kustomization.yaml).
        Path errors = Files.createTempFile("kustomize", ".err");
        Process p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
                .redirectError(errors.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("kubectl kustomize " + overlay + ": " + Files.readString(errors)).isTrue();
        List<HasMetadata> resources = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(out)) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                Class<? extends HasMetadata> type = KINDS.get(doc.path("kind").asText());
                assertThat(type).as("a kind the test knows: " + doc.path("kind").asText()).isNotNull();
                resources.add(YAML.treeToValue(doc, type));
            }
        }
        return resources;
    }

    /**
     * Every field fabric8's model did not recognise lands in an object's additionalProperties: a typo or a
     * field of another API version shows up there, with its path.
     */
    private static List<String> unknownFields(Object o, String path) {
        List<String> out = new ArrayList<>();
        walk(o, path, out, new IdentityHashMap<>());
        return out;
    }

    private static void walk(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) return;
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) walk(x, path + "[" + i++ + "]", out, seen);
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || !g.getName().startsWith("get") || g.getName().equals("getClass")) continue;
            try {
                Object v = g.invoke(o);
                if (g.getName().equals("getAdditionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) out.add(path + ": " + extra.keySet());
                } else {
                    walk(v, path + "." + g.getName().substring(3), out, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<Deployment> deployments(List<HasMetadata> resources) {
        return resources.stream().filter(r -> r instanceof Deployment).map(r -> (Deployment) r).toList();
    }

    private static Deployment deployment(List<HasMetadata> resources, String name) {
        return deployments(resources).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static int budgetSeconds(Deployment d) {
        Probe p = d.getSpec().getTemplate().getSpec().getContainers().get(0).getStartupProbe();
        return p.getFailureThreshold() * p.getPeriodSeconds();
    }

    private static Set<String> paths(int port) throws IOException, InterruptedException {
        String spec = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Set.copyOf(iterable(YAML.readTree(spec).path("paths").fieldNames()));
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static void analyze(int port) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/analyze")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"The parcel was late but the support was great\"}")).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
