package lab.portal.runtime.wiring;

import lab.portal.LabFixture;
import lab.portal.runtime.LabService;
import lab.portal.runtime.MemoryLimit;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.RuntimeChoice;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.runtime.ServiceSpec;
import lab.portal.settings.LabProperties;

import lab.process.DockerCli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the runtime against a real engine, a missing one, and missing images. */
class RuntimeChoiceIT {
    private static final String HOST = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");

    private static RuntimeChoice choose(LabProperties.RuntimeMode mode, String host, Map<LabService, String> images) throws Exception {
        Map<LabService, ServiceSpec> specs = new java.util.EnumMap<>(LabService.class);
        images.forEach((s, image) -> specs.put(s, new ServiceSpec(s.basePort(), new ReplicaSettings(Map.of(), MemoryLimit.NONE), image,
                s == LabService.ML ? "lab-local/jre-ml:25" : "lab-local/jre:25")));
        return RuntimeConfiguration.choose(mode, host, LabFixture.REPO, java.nio.file.Files.createTempDirectory("portal-data"), specs,
                "inference-lab-model-cache-it");
    }

    @Test
    void withoutAnEngineTheLocalRuntimeIsChosenAndSaysWhy() throws Exception {
        RuntimeChoice c = choose(LabProperties.RuntimeMode.AUTO, "unix:///tmp/no-docker-here.sock", Map.of());
        try (ServiceRuntime rt = c.runtime()) {
            assertEquals("local processes", rt.name());
            assertTrue(c.reason().contains("no Docker engine answers"), c.reason());
        }
        var forced = assertThrows(RuntimeFailure.class,
                () -> choose(LabProperties.RuntimeMode.DOCKER, "unix:///tmp/no-docker-here.sock", Map.of()));
        assertTrue(forced.getMessage().contains("forced"), forced.getMessage());
    }

    @Test
    void anAddressTheDockerClientCannotParseIsNoEngineAndIsNamed() throws Exception {
        String unparseable = "unix:///tmp/a lab/docker.sock";   // a space: not a URI
        RuntimeChoice c = choose(LabProperties.RuntimeMode.AUTO, unparseable, Map.of());
        try (ServiceRuntime rt = c.runtime()) {
            assertEquals("local processes", rt.name());
            assertTrue(c.reason().contains(unparseable) && c.reason().contains("not an address"), c.reason());
        }
        var forced = assertThrows(RuntimeFailure.class, () -> choose(LabProperties.RuntimeMode.DOCKER, unparseable, Map.of()));
        assertTrue(forced.getMessage().contains("not an address"), forced.getMessage());
    }

    @Test
    void withAnEngineDockerIsChosenAndSaysWhichImagesItWillBuild() throws Exception {
        Assumptions.assumeTrue(DockerCli.availableForTests(), "no Docker engine reachable");
        RuntimeChoice missing = choose(LabProperties.RuntimeMode.AUTO, HOST,
                Map.of(LabService.TRADITIONAL, "inference-lab/traditional-api:not-built", LabService.ML, "inference-lab/ml-api:not-built"));
        try (ServiceRuntime rt = missing.runtime()) {
            assertEquals("docker", rt.name(), "an engine answers: Docker, although no image exists yet");
            assertTrue(missing.reason().contains("inference-lab/ml-api:not-built") && missing.reason().contains("built from the repository"),
                    missing.reason());
        }
        try (ServiceRuntime rt = choose(LabProperties.RuntimeMode.LOCAL, HOST, Map.of()).runtime()) {
            assertEquals("local processes", rt.name());
        }
    }
}
