package lab.ml;

import lab.process.Probe;
import lab.process.DockerCli;
import lab.process.DockerCli.Result;
import lab.process.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dockerfile.ml on a real engine: builds offline from the local base image, runs as non-root with the
 * model cache in a volume, and the container is live (running, /health 200) before it is healthy
 * (its HEALTHCHECK uses readiness). CI sets LAB_REQUIRE_DOCKER=1 so that a missing engine fails.
 */
class MlContainerIT {
    private static final String IMAGE = "inference-lab/ml-api:it";
    private static String container;

    @BeforeAll
    static void requireEngine() throws Exception {
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable: start one with ../shared/tools/docker-engine.sh up");
    }

    @AfterAll
    static void remove() throws Exception {
        if (container != null) {
            DockerCli.run("rm", "-f", "-v", container);
        }
    }

    @Test
    void containerIsLiveBeforeItIsHealthy() throws Exception {
        Path repo = Path.of(System.getProperty("lab.repo"));
        // The minimal local JRE image lacks libdl/libpthread/librt: ml-api/docker/ml-base-image.sh adds them.
        String base = System.getenv().getOrDefault("LAB_ML_BASE_IMAGE", "lab-local/jre-ml:25");
        Result build = DockerCli.run("build", "--network", "host", "--pull=false", "--build-arg", "BASE_IMAGE=" + base,
                "-f", repo.resolve("Dockerfile.ml").toString(), "-t", IMAGE, repo.toString());
        assertEquals(0, build.exitCode(), build.output());

        int port = ServiceProcess.freePort();
        // A model zoo URL on a loopback port nothing listens on: the fallback path, without leaving the machine.
        Result run = DockerCli.run("run", "-d", "--network", "host", "--label", "inference-lab.test=ml-container-it",
                "-e", "PORT=" + port, "-e", "BIND=127.0.0.1", "-e", "MODEL_URI=https://127.0.0.1:9/distilbert.zip",
                "-v", "/models", IMAGE);
        assertEquals(0, run.exitCode(), run.output());
        container = run.trimmed();
        assertEquals("1000", DockerCli.run("inspect", "--format", "{{.Config.User}}", container).trimmed());

        boolean liveWhileStarting = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String health = DockerCli.health(container);
        while (!health.equals("healthy") && System.nanoTime() < deadline) {
            if (health.equals("starting") && Probe.status(port, "/health") == 200
                    && Probe.status(port, "/ready") == 503) {
                liveWhileStarting = true;
            }
            Thread.sleep(100);
            health = DockerCli.health(container);
        }
        assertEquals("healthy", health, () -> logs());
        assertTrue(liveWhileStarting, "seen: container running, /health 200, /ready 503, health 'starting'");
        assertEquals(200, Probe.status(port, "/ready"));
        String log = logs();
        assertTrue(log.contains("falling back to the offline model"), log);
        assertTrue(log.contains("ml-api ready after"), log);
    }

    private static String logs() {
        try {
            return DockerCli.run("logs", container).output();
        } catch (Exception e) {
            return "(no logs: " + e + ")";
        }
    }
}
