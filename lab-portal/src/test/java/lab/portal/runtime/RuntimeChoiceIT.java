package lab.portal.runtime;

import lab.bench.DockerCli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the runtime against a real engine, a missing one, and missing images. */
class RuntimeChoiceIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));
    private static final String HOST = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");

    private static RuntimeChoice.Settings settings(String mode, String host, Map<LabService, String> images) {
        return new RuntimeChoice.Settings(mode, host, REPO, new DockerRuntime.Settings(images,
                Map.of(LabService.TRADITIONAL, "lab-local/jre:25", LabService.ML, "lab-local/jre-ml:25"), Map.of(), "inference-lab-model-cache-it"),
                Map.of(), Map.of());
    }

    @Test
    void withoutAnEngineTheLocalRuntimeIsChosenAndSaysWhy() throws Exception {
        RuntimeChoice c = RuntimeChoice.choose(settings("auto", "unix:///tmp/no-docker-here.sock", Map.of()));
        try (ServiceRuntime rt = c.runtime()) {
            assertEquals("local processes", rt.name());
            assertTrue(c.reason().contains("no Docker engine answers"), c.reason());
        }
        var forced = assertThrows(ServiceRuntime.RuntimeFailure.class,
                () -> RuntimeChoice.choose(settings("docker", "unix:///tmp/no-docker-here.sock", Map.of())));
        assertTrue(forced.getMessage().contains("forced"), forced.getMessage());
        assertThrows(ServiceRuntime.RuntimeFailure.class, () -> RuntimeChoice.choose(settings("kubernetes", HOST, Map.of())));
    }

    @Test
    void withAnEngineDockerIsChosenAndSaysWhichImagesItWillBuild() throws Exception {
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable");
        RuntimeChoice missing = RuntimeChoice.choose(settings("auto", HOST,
                Map.of(LabService.TRADITIONAL, "inference-lab/traditional-api:not-built", LabService.ML, "inference-lab/ml-api:not-built")));
        try (ServiceRuntime rt = missing.runtime()) {
            assertEquals("docker", rt.name(), "an engine answers: Docker, although no image exists yet");
            assertTrue(missing.reason().contains("inference-lab/ml-api:not-built") && missing.reason().contains("built from the repository"),
                    missing.reason());
        }
        try (ServiceRuntime rt = RuntimeChoice.choose(settings("local", HOST, Map.of())).runtime()) {
            assertEquals("local processes", rt.name());
        }
    }
}
