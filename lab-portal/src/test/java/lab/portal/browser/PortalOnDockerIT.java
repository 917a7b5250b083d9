package lab.portal.browser;

import lab.portal.LabFixture;
import lab.portal.ModelFixture;
import tools.jackson.databind.JsonNode;
import lab.process.DockerCli;
import lab.process.ServiceProcess;
import lab.portal.runtime.docker.DockerRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A newcomer's path where an engine answers: the packaged portal started from the repository root with
 * no runtime flag chooses Docker, builds the lab's images itself (their output streamed to the page),
 * runs the service as a labelled container with ml-api's default model settings, runs the guide's blocks
 * and Experiment 6 (ml-api containers on the shared model-cache volume) against them, and removes its
 * containers when it stops. Only the ports, the data directory, the image tags and the base images
 * (no registry here) are the test's; the model repository is an unreachable loopback port, since the
 * zoo's own host may not be contacted from here.
 */
class PortalOnDockerIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", "..")).toAbsolutePath().normalize();
    private static final String TRADITIONAL_IMAGE = "inference-lab/traditional-api:portal-it";
    private static final String ML_IMAGE = "inference-lab/ml-api:portal-it";
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    @Test
    void withAnEngineThePortalBuildsItsImagesAndRunsTheServicesAsContainers() throws Exception {
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable: start one with ../shared/tools/docker-engine.sh up");
        DockerCli.run("rmi", "-f", TRADITIONAL_IMAGE, ML_IMAGE);
        int traditional = ServiceProcess.freePort();
        List<String> settings = List.of("--lab.services.traditional.port=" + traditional, "--lab.services.ml.port=" + ServiceProcess.freePort(),
                "--lab.services.traditional.image=" + TRADITIONAL_IMAGE, "--lab.services.ml.image=" + ML_IMAGE,
                "--lab.services.traditional.base-image=" + System.getenv().getOrDefault("LAB_BASE_IMAGE", "lab-local/jre:25"),
                "--lab.services.ml.base-image=" + System.getenv().getOrDefault("LAB_ML_BASE_IMAGE", "lab-local/jre-ml:25"),
                "--lab.model-cache-volume=inference-lab-model-cache-it", "--lab.services.ml.repo-url=http://127.0.0.1:9/",
                "--lab.model-artifact=" + ModelFixture.djlArtifact());
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        try (PortalProcess portal = PortalProcess.startFromRepositoryRoot(REPO, Files.createTempDirectory("portal-data"),
                PortalProcess.freePort(), settings)) {
            String page = http.send(HttpRequest.newBuilder(portal.uri("/")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(page.contains("id=\"runtime-name\">docker<"), "the header names the Docker runtime");
            WebSocket live = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + portal.port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + portal.port + "/live"), collect(events)).join();

            HttpResponse<String> start = post(portal, "/api/services/traditional-api/start");
            assertEquals(200, start.statusCode(), start.body());
            long deadline = System.nanoTime() + 240_000_000_000L;
            while (!services(portal).contains("\"READY\"")) {
                assertTrue(System.nanoTime() < deadline, "traditional-api was not ready in a container: " + services(portal) + portal.log());
                Thread.sleep(200);
            }
            assertEquals(200, lab.process.Probe.status(traditional, "/ready"), "the container answers on 127.0.0.1 (host networking)");
            assertTrue(labelledContainers() > 0);
            assertTrue(events.stream().anyMatch(e -> "image:traditional-api".equals(e.path("replica").asString(""))
                            && e.path("text").asString("").startsWith("Step ")),
                    "the image build's output reached the page: " + events.size() + " events");

            // The guide's blocks against the container: Step 1's start finds it running, Step 2's probes answer.
            assertEquals("SUCCEEDED", block(portal, "step-1-1").path("status").asString(), "step 1 on Docker");
            JsonNode probes = block(portal, "step-2-1");
            assertEquals("SUCCEEDED", probes.path("status").asString());
            assertTrue(probes.path("output").asString().contains("\"ready\":true"), probes.path("output").asString());

            // Experiment 6 in ml-api containers: download from the repository the portal serves on loopback, then the
            // cache in the shared volume, then the unpacked directory, each start timed by phase.
            HttpResponse<String> run = post(portal, "/api/experiments/model-origins/runs");
            assertEquals(202, run.statusCode(), run.body());
            JsonNode origins = finished(portal, "/api/runs/" + LabFixture.JSON.readTree(run.body()).path("run_id").asLong(), 600);
            assertEquals("PASSED", origins.path("status").asString(), origins.toString());
            assertEquals("docker", origins.path("runtime").asString());
            JsonNode figures = origins.path("evidence").path("figures");
            assertEquals(1.0, figures.path("ml.model_is_distilbert").asDouble(), "DistilBERT's files, served in DJL's layout: " + figures);
            assertTrue(figures.path("ml.download.fetched_mb").asDouble() > 0, "the download start fetched the model: " + figures);
            assertEquals(0.0, figures.path("ml.cache.fetched_mb").asDouble(), "the start from the shared cache volume fetched nothing: " + figures);
            for (JsonNode check : origins.path("checks")) {
                assertEquals("PASSED", check.path("outcome").asString(), check.toString());
            }
            live.abort();
        }
        assertEquals(0, labelledContainers(), "the portal removed its containers when it stopped");
    }

    private HttpResponse<String> post(PortalProcess portal, String path) throws Exception {
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        return http.send(HttpRequest.newBuilder(portal.uri(path)).header("X-XSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a guide block through the API and returns its stored run once it ended. */
    private JsonNode block(PortalProcess portal, String id) throws Exception {
        HttpResponse<String> started = post(portal, "/api/blocks/" + id + "/runs");
        assertEquals(202, started.statusCode(), started.body());
        return finished(portal, "/api/blocks/" + id + "/runs/latest", 240);
    }

    /** Polls a run (an experiment's or a block's) until it is no longer RUNNING. */
    private JsonNode finished(PortalProcess portal, String path, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(portal.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode run = LabFixture.JSON.readTree(r.body());
                if (!run.path("status").asString().equals("RUNNING")) return run;
            }
            assertTrue(System.nanoTime() < deadline, path + " did not end within " + seconds + " s: " + r.body() + portal.log());
            Thread.sleep(250);
        }
    }

    private String services(PortalProcess portal) throws Exception {
        return http.send(HttpRequest.newBuilder(portal.uri("/api/services")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int labelledContainers() throws Exception {
        String out = DockerCli.run("ps", "-aq", "--filter", "label=" + DockerRuntime.LABEL + "=true").trimmed();
        return out.isEmpty() ? 0 : out.split("\\s+").length;
    }

    /** Every event the page would get, the history's included. */
    private static WebSocket.Listener collect(List<JsonNode> events) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonNode event = LabFixture.JSON.readTree(partial.toString());
                    partial.setLength(0);
                    if ("history".equals(event.path("type").asString(""))) {
                        event.path("events").forEach(events::add);
                    } else {
                        events.add(event);
                    }
                }
                ws.request(1);
                return null;
            }
        };
    }
}
