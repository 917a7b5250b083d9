package lab.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceCommandTest {
    /** The checkout: these tests run in service-process/. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void envLinesAreReadAsDockerReadsThemAndAMalformedLineIsAnErrorNamingIt() {
        Map<String, String> env = ServiceCommand.parse(List.of("# why", "", "  A=1  ", "B=x=y", "C="), "f");
        assertEquals(Map.of("A", "1", "B", "x=y", "C", ""), env);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServiceCommand.parse(List.of("A=1", "export B=2"), "svc.env"));
        assertTrue(e.getMessage().contains("svc.env:2"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ServiceCommand.parse(List.of("=1"), "f"));
    }

    @Test
    void aProcessStartsWithTheModuleEnvironmentAndItsJvmOptions() throws IOException {
        Path module = Files.createTempDirectory("module");
        Files.createDirectories(module.resolve("target"));
        Path jar = Files.createFile(module.resolve("target/svc.jar"));
        Files.writeString(module.resolve("jvm.options"), "-Xmx64m\n");
        assertTrue(ServiceCommand.processBuilder(jar).environment().keySet().containsAll(System.getenv().keySet()), "no service.env: the inherited environment");
        assertFalse(ServiceCommand.processBuilder(jar).environment().containsKey("LAB_TEST_SETTING"));

        Files.writeString(module.resolve("service.env"), "# a setting\nLAB_TEST_SETTING=on\n");
        ProcessBuilder pb = ServiceCommand.processBuilder(jar);
        assertEquals("on", pb.environment().get("LAB_TEST_SETTING"));
        assertEquals(List.of("@" + module.resolve("jvm.options").toAbsolutePath(), "-jar", jar.toString()), pb.command().subList(1, pb.command().size()));
    }

    /** A container and a local process of the same service start in the same environment. */
    @Test
    void eachServiceImageSetsWhatItsServiceEnvSays() throws IOException {
        for (var service : Map.of("ml-api", "Dockerfile.ml", "traditional-api", "Dockerfile.traditional").entrySet()) {
            Map<String, String> env = ServiceCommand.environment(REPO.resolve(service.getKey()).resolve("target").resolve(service.getKey() + ".jar"));
            assertFalse(env.isEmpty(), service.getKey() + "/service.env names nothing");
            Map<String, String> image = imageEnv(REPO.resolve(service.getValue()));
            env.forEach((k, v) -> assertEquals(v, image.get(k), service.getValue() + " must set " + k + "=" + v + " as " + service.getKey() + "/service.env does"));
        }
    }

    /** The KEY=VALUE pairs of a Dockerfile's ENV instructions, continuation lines joined. */
    private static Map<String, String> imageEnv(Path dockerfile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        String joined = Files.readString(dockerfile).replaceAll("\\\\\\n", " ");
        for (String line : joined.split("\n")) {
            if (!line.startsWith("ENV ")) continue;
            for (String pair : line.substring(4).trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0) env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return env;
    }
}
