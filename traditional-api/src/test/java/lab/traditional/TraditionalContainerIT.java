package lab.traditional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dockerfile.traditional on a real Docker engine: the image builds offline from the local base image,
 * the container answers on 127.0.0.1 with host networking, runs as non-root and turns healthy.
 * Needs an engine (DOCKER_HOST); CI sets LAB_REQUIRE_DOCKER=1 so that a missing engine fails the build
 * instead of skipping this test.
 */
class TraditionalContainerIT {
    private static final String IMAGE = "inference-lab/traditional-api:it";
    private static final String LABEL = "inference-lab.test=traditional-container-it";
    private static String container;

    @BeforeAll
    static void requireEngine() throws Exception {
        boolean reachable = docker("version").exitCode == 0;
        if (System.getenv("LAB_REQUIRE_DOCKER") != null) {
            assertTrue(reachable, "LAB_REQUIRE_DOCKER is set but no Docker engine answers (DOCKER_HOST="
                    + System.getenv("DOCKER_HOST") + ")");
        }
        Assumptions.assumeTrue(reachable, "no Docker engine reachable: start one with ../shared/tools/docker-engine.sh up");
    }

    @AfterAll
    static void removeContainer() throws Exception {
        if (container != null) {
            docker("rm", "-f", container);
        }
    }

    @Test
    void imageBuildsOfflineAndTheContainerTurnsHealthy() throws Exception {
        String base = System.getenv().getOrDefault("LAB_BASE_IMAGE", "lab-local/jre:17");
        Path repo = Path.of(System.getProperty("lab.repo"));
        Result build = docker("build", "--network", "host", "--pull=false", "--build-arg", "BASE_IMAGE=" + base,
                "-f", repo.resolve("Dockerfile.traditional").toString(), "-t", IMAGE, repo.toString());
        assertEquals(0, build.exitCode, build.output);

        int port = ServiceJar.freePort();
        Result run = docker("run", "-d", "--network", "host", "--label", LABEL, "-e", "PORT=" + port,
                "-e", "BIND=127.0.0.1", IMAGE);
        assertEquals(0, run.exitCode, run.output);
        container = run.output.trim();

        assertEquals("1000", docker("inspect", "--format", "{{.Config.User}}", container).output.trim(), "runs as non-root");
        HttpClient http = HttpClient.newHttpClient();
        String base0 = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String health = "";
        while (!health.equals("healthy") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            health = docker("inspect", "--format", "{{.State.Health.Status}}", container).output.trim();
        }
        assertEquals("healthy", health, () -> "container logs: " + logs());
        HttpResponse<String> analyze = http.send(HttpRequest.newBuilder(URI.create(base0 + "/analyze"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Fast delivery, lovely packaging\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, analyze.statusCode());
        assertTrue(analyze.body().contains("\"sentiment\":\"POSITIVE\""), analyze.body());
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(base0 + "/info")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(info.body().contains("\"pid\":1,"), "the JVM is the container's main process: " + info.body());
        assertTrue(logs().contains("JVM start -> listening"), "the startup line is logged");
    }

    private static String logs() {
        try {
            return docker("logs", container).output;
        } catch (Exception e) {
            return "(no logs: " + e + ")";
        }
    }

    record Result(int exitCode, String output) {
    }

    static Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }
}
