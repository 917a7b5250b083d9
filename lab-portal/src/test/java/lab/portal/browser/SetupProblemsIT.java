package lab.portal.browser;

import lab.portal.LabFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged portal started with a setting it cannot work with: it exits non-zero with Boot's short
 * "APPLICATION FAILED TO START" report that names the problem and the setting, and no stack trace.
 */
class SetupProblemsIT {
    private static String refused(List<String> settings) throws Exception {
        String out = PortalProcess.refusesToStart(LabFixture.REPO, Files.createTempDirectory("portal-data"), settings);
        assertThat(out).contains("APPLICATION FAILED TO START").contains("Fix the setting above");
        assertThat(out).as("said in the learner's terms, not as a stack trace").doesNotContain("\tat lab.portal.");
        return out;
    }

    @Test
    void contentThatIsNotThere() throws Exception {
        assertThat(refused(List.of("--lab.content=content/nope.yaml"))).contains("no lab content at " + LabFixture.REPO.resolve("content/nope.yaml"));
    }

    @Test
    void contentThatDoesNotHoldTogetherNamesTheFileAndLine() throws Exception {
        Path bad = Files.createTempDirectory("bad-content").resolve("lab.yaml");
        String yaml = Files.readString(LabFixture.REPO.resolve("content/lab.yaml"))
                .replace("guide: ../setup.md", "guide: " + LabFixture.REPO.resolve("setup.md"))
                .replace("    right: traditional.ready_s.max\n", "    right: traditional.ready_s.maximum\n");
        Files.writeString(bad, yaml);
        String out = refused(List.of("--lab.content=" + bad));
        assertThat(out).contains(bad.toString()).contains("traditional.ready_s.maximum");
    }

    @Test
    void aForcedDockerRuntimeWithNoEngine() throws Exception {
        String out = refused(List.of("--lab.runtime=docker", "--lab.docker-host=unix:///tmp/no-engine-here.sock"));
        assertThat(out).contains("unix:///tmp/no-engine-here.sock");
    }

    @Test
    void anAllowedHostThatIsNotAHostName() throws Exception {
        assertThat(refused(List.of("--lab.runtime=local", "--lab.allowed-hosts=http://lab.example:8090")))
                .contains("lab.allowed-hosts has 'http://lab.example:8090', which is not a host name");
    }

    @Test
    void aClassWithoutACode() throws Exception {
        assertThat(refused(List.of("--lab.runtime=local", "--lab.class.name=Workshop")))
                .contains("lab.class.name is set, so this is a class portal: give it a class code of at least 6 characters");
    }
}
