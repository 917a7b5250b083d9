package lab.portal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, {@code ./lab}: it starts the built portal at once when every jar is newer
 * than every source, and builds first otherwise. The real script runs in a copy of the repository's
 * layout; Maven and java are stand-ins that record how they were called, because a real build takes
 * minutes and would rebuild the repository this test runs in (the real path is timed by
 * {@code lab-bench portal}).
 */
class LauncherTest {
    private static final String PORTAL = "lab-portal/target/portal/lab-portal.jar";
    private static final String CACHE = "lab-portal/target/portal/lab-portal.aot";
    /** What every build of the whole lab touches last. */
    private static final String STAMP = "lab-portal/target/portal/built";
    private static final String START = "java @lab-portal/jvm.options -XX:AOTCache=" + CACHE + " -Xlog:aot=off -Xlog:cds=off -jar " + PORTAL;
    private static final List<String> JARS = List.of("traditional-api/target/traditional-api.jar",
            "ml-api/target/ml-api.jar", "lab-bench/target/lab-bench.jar", PORTAL, CACHE, STAMP);
    private static final Instant SOURCES_WRITTEN = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant BUILT = Instant.parse("2026-01-01T11:00:00Z");

    @TempDir
    Path repo;

    @BeforeEach
    void aBuiltRepository() throws IOException {
        Files.copy(LabFixture.REPO.resolve("lab"), repo.resolve("lab"));
        executable(repo.resolve("mvnw"), """
                #!/usr/bin/env bash
                if [ "$1" = --print-jdk ]; then echo "$PWD/jdk"; exit 0; fi
                echo "mvnw $*" >> calls.log
                for jar in %s; do mkdir -p "$(dirname "$jar")"; touch "$jar"; done
                mkdir -p ml-api/target/lib
                """.formatted(String.join(" ", JARS)));
        executable(repo.resolve("jdk/bin/java"), "#!/usr/bin/env bash\necho \"java $*\" >> calls.log\n");
        for (String source : List.of("pom.xml", "ml-api/pom.xml", "ml-api/src/main/java/lab/ml/MlApi.java",
                "lab-portal/src/main/resources/application.yaml", "service-http/src/main/java/lab/http/ServiceServer.java")) {
            write(repo.resolve(source), "source", SOURCES_WRITTEN);
        }
        for (String jar : JARS) write(repo.resolve(jar), "jar", BUILT);
        Files.createDirectories(repo.resolve("ml-api/target/lib"));
    }

    @Test
    void upToDateJarsStartThePortalAtOnceWithTheArguments() throws Exception {
        // output under target/ is not a source, however new
        write(repo.resolve("ml-api/target/classes/lab/ml/MlApi.class"), "class", BUILT.plusSeconds(60));
        // Maven leaves a module's jar alone when its classes did not change, and the extracted portal keeps
        // its entry's time: older jars are not stale
        write(repo.resolve("ml-api/target/ml-api.jar"), "jar", SOURCES_WRITTEN.minusSeconds(60));
        write(repo.resolve(PORTAL), "jar", SOURCES_WRITTEN.minusSeconds(60));
        write(repo.resolve(CACHE), "cache", SOURCES_WRITTEN.minusSeconds(60));
        assertEquals(List.of(START + " --lab.runtime=local"), launch("--lab.runtime=local"));
    }

    @Test
    void aSourceNewerThanTheJarsIsBuiltFirst() throws Exception {
        write(repo.resolve("service-http/src/main/java/lab/http/ServiceServer.java"), "edited", BUILT.plusSeconds(1));
        assertEquals(List.of("mvnw -B -ntp -q package -DskipTests", START), launch());
    }

    @Test
    void aChangedPomOrAMissingJarIsBuiltFirst() throws Exception {
        write(repo.resolve("pom.xml"), "edited", BUILT.plusSeconds(1));
        assertEquals("mvnw -B -ntp -q package -DskipTests", launch().getFirst());
        Files.delete(repo.resolve("calls.log"));
        Files.delete(repo.resolve("ml-api/target/ml-api.jar"));
        assertEquals("mvnw -B -ntp -q package -DskipTests", launch().getFirst());
    }

    @Test
    void aBuildWithoutItsLastStepOrWithoutTheCacheIsBuiltAgain() throws Exception {
        Files.delete(repo.resolve(STAMP));
        assertEquals(List.of("mvnw -B -ntp -q package -DskipTests", START), launch());
        Files.delete(repo.resolve("calls.log"));
        Files.delete(repo.resolve(CACHE));
        assertEquals(List.of("mvnw -B -ntp -q package -DskipTests", START), launch());
    }

    @Test
    void theJdkThatMadeTheCacheStartsThePortalWithoutAskingMaven() throws Exception {
        executable(repo.resolve("cache-jdk/bin/java"), "#!/usr/bin/env bash\necho \"cache-jdk java $*\" >> calls.log\n");
        write(repo.resolve("lab-portal/target/portal/jdk"), repo.resolve("cache-jdk") + "\n", BUILT);
        assertEquals(List.of("cache-jdk " + START), launch());
        // a JDK that is gone since: the one Maven's wrapper picks
        Files.delete(repo.resolve("calls.log"));
        write(repo.resolve("lab-portal/target/portal/jdk"), repo.resolve("removed-jdk") + "\n", BUILT);
        assertEquals(List.of(START), launch());
    }

    @Test
    void underTheTestsItNeverBuilds() throws Exception {
        write(repo.resolve("pom.xml"), "edited", BUILT.plusSeconds(1));
        assertEquals(List.of(START), launch(java.util.Map.of("LAB_SKIP_BUILD", "1")));
    }

    private List<String> launch(String... args) throws Exception {
        return launch(java.util.Map.of(), args);
    }

    private List<String> launch(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", repo.resolve("lab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().remove("LAB_SKIP_BUILD");
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return Files.readAllLines(repo.resolve("calls.log"));
    }

    private static void write(Path file, String content, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
