package lab.traditional;

import lab.process.DockerCli;
import lab.process.DockerCli.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable: start one with ../shared/tools/docker-engine.sh up");
    }

    @AfterAll
    static void removeContainer() throws Exception {
        if (container != null) {
            DockerCli.run("rm", "-f", container);
        }
    }

    @Test
    void imageBuildsOfflineAndTheContainerTurnsHealthy() throws Exception {
        String base = System.getenv().getOrDefault("LAB_BASE_IMAGE", "lab-local/jre:25");
        Path repo = Path.of(System.getProperty("lab.repo"));
        Result build = DockerCli.run("build", "--network", "host", "--pull=false", "--build-arg", "BASE_IMAGE=" + base,
                "-f", repo.resolve("Dockerfile.traditional").toString(), "-t", IMAGE, repo.toString());
        assertEquals(0, build.exitCode(), build.output());

        int port = lab.process.ServiceProcess.freePort();
        Result run = DockerCli.run("run", "-d", "--network", "host", "--label", LABEL, "-e", "PORT=" + port,
                "-e", "BIND=127.0.0.1", IMAGE);
        assertEquals(0, run.exitCode(), run.output());
        container = run.trimmed();

        assertEquals("1000", DockerCli.run("inspect", "--format", "{{.Config.User}}", container).trimmed(), "runs as non-root");
        HttpClient http = HttpClient.newHttpClient();
        String base0 = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String health = "";
        while (!health.equals("healthy") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            health = DockerCli.health(container);
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
            return DockerCli.run("logs", container).output();
        } catch (Exception e) {
            return "(no logs: " + e + ")";
        }
    }

}
