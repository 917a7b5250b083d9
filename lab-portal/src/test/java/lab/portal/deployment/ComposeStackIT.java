package lab.portal.deployment;

import lab.process.DockerCli;
import lab.process.MachineTool;
import lab.process.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.host.yml on a real engine (docker-compose v1, as on these machines): both services and
 * the portal build and come up healthy, every block of the guide runs in the compose portal and achieves
 * what its step says (or the portal says why it cannot run there and what to do instead), the
 * repository's nginx.conf (Debian's nginx on the host, as no nginx image can be pulled here) routes to
 * both, the portal answers with the Docker runtime through the mounted socket, and {@code down -v} leaves
 * nothing behind.
 */
class ComposeStackIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));
    private static final Path FILE = REPO.resolve("docker-compose.host.yml");
    private static final int PORTAL_PORT = freePort();
    private Process nginx;

    private static int freePort() {
        return ServiceProcess.freePort();
    }

    private static ProcessBuilder compose(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker-compose", "-p", "inference-lab-it", "-f", FILE.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
        pb.environment().put("BASE_IMAGE", System.getenv().getOrDefault("LAB_BASE_IMAGE", "lab-local/jre:25"));
        pb.environment().put("PORTAL_BASE_IMAGE", System.getenv().getOrDefault("LAB_PORTAL_BASE_IMAGE",
                System.getenv().getOrDefault("LAB_BASE_IMAGE", "lab-local/jre:25")));
        pb.environment().put("ML_BASE_IMAGE", System.getenv().getOrDefault("LAB_ML_BASE_IMAGE", "lab-local/jre-ml:25"));
        pb.environment().put("MODEL_URI", "offline");
        pb.environment().put("MODEL_CACHE_VOLUME", "inference-lab-model-cache-compose-it"); // down -v removes it, not a learner's cache
        pb.environment().put("PORTAL_PORT", Integer.toString(PORTAL_PORT));
        pb.environment().put("LAB_VERSION", "0.1.0-it");
        pb.environment().put("LAB_REVISION", "compose-it-revision");
        String dockerHost = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        pb.environment().put("DOCKER_SOCKET", dockerHost.replaceFirst("^unix://", ""));
        return pb;
    }

    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "docker-compose timed out: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @AfterEach
    void down() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (DockerCli.engineAnswers()) run(compose("down", "-v"));
    }

    @Test
    void theStackComesUpHealthyBehindNginxAndIsRemovedAfter() throws Exception {
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable: start one with ../shared/tools/docker-engine.sh up");
        Assumptions.assumeTrue(MachineTool.NGINX.availableForTests(), MachineTool.NGINX.missing()); // before anything starts
        run(compose("up", "-d", "--build"));
        List<String> containers = List.of(run(compose("ps", "-q")).trim().split("\\s+"));
        assertEquals(3, containers.size(), "traditional-api, ml-api and the portal (nginx is the host's here)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!containers.stream().allMatch(c -> health(c).equals("healthy"))) {
            assertTrue(System.nanoTime() < deadline, "not healthy within 180 s: " + run(compose("logs", "--tail", "20")));
            Thread.sleep(500);
        }
        for (String image : List.of("inference-lab/traditional-api:latest", "inference-lab/ml-api:latest", "inference-lab/lab-portal:latest")) {
            String labels = DockerCli.run("image", "inspect", "-f", "{{json .Config.Labels}} user={{.Config.User}}", image).trimmed();
            assertTrue(labels.contains("\"org.opencontainers.image.version\":\"0.1.0-it\"")
                    && labels.contains("\"org.opencontainers.image.revision\":\"compose-it-revision\"")
                    && labels.contains("\"org.opencontainers.image.licenses\":\"NOASSERTION\""), image + ": " + labels);
            assertEquals(!image.contains("lab-portal"), labels.endsWith("user=1000"), image + " runs as a non-root user, the portal (socket) excepted: " + labels);
        }
        GuideWalk walk = new GuideWalk(URI.create("http://127.0.0.1:" + PORTAL_PORT));
        walk.everyBlockAchievesItsStepOrSaysWhyNot();
        // Experiment 6 with no network and no setting, in the one portal with no ml-api jar beside it: the
        // offline model is exported by ml-api's image and downloaded, cached and found baked in.
        JsonNode origins = walk.experiment("model-origins");
        assertEquals("PASSED", origins.path("status").asString(), origins.toString());
        assertEquals(0.0, origins.path("evidence").path("figures").path("ml.model_is_distilbert").asDouble(), origins.toString());
        for (JsonNode check : origins.path("checks")) assertEquals("PASSED", check.path("outcome").asString(), check.toString());
        Path prefix = Files.createTempDirectory("lab-nginx");
        nginx = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", REPO.resolve("nginx.conf").toAbsolutePath().toString(),
                "-e", prefix.resolve("error.log").toString(), "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(prefix.resolve("out.log").toFile()).start();
        long nginxUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lab.process.Probe.status(8080, "/") != 200) {
            assertTrue(System.nanoTime() < nginxUp, "nginx did not answer on 8080");
            Thread.sleep(50);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String route : List.of("/traditional/analyze", "/ml/analyze")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + route))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Lovely app\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), route + ": " + r.body());
            assertTrue(r.body().contains("\"sentiment\":\"POSITIVE\""), route + ": " + r.body());
        }
        HttpResponse<String> portal = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTAL_PORT + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, portal.statusCode());
        assertTrue(portal.body().contains("id=\"runtime-name\">docker<"), "the portal in the stack drives the engine it was given");
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTAL_PORT + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), "the portal's readiness, which its healthcheck reads: " + ready.body());
        run(compose("down", "-v"));
        String left = DockerCli.run("ps", "-aq", "--filter", "label=com.docker.compose.project=inference-lab-it").trimmed();
        assertEquals("", left, "nothing left behind");
    }

    private static String health(String container) {
        try {
            return DockerCli.health(container);
        } catch (Exception e) {
            return "unknown";
        }
    }
}
