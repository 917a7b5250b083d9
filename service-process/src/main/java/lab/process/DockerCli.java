package lab.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker command line, for the container tests and benchmarks: builds and runs the lab's images
 * on the engine DOCKER_HOST names (always with host networking; nothing is ever pulled).
 */
public final class DockerCli {
    public record Result(int exitCode, String output) {
        public String trimmed() {
            return output.trim();
        }
    }

    private DockerCli() {
    }

    public static boolean engineAnswers() throws IOException, InterruptedException {
        return run("version").exitCode() == 0;
    }

    /**
     * Whether container tests can run: true when an engine answers; false when none does, unless
     * LAB_REQUIRE_DOCKER is set (as in CI), where a missing engine is an error rather than a skip.
     */
    public static boolean availableForTests() throws IOException, InterruptedException {
        boolean reachable = engineAnswers();
        if (!reachable && System.getenv("LAB_REQUIRE_DOCKER") != null) {
            throw new IllegalStateException("LAB_REQUIRE_DOCKER is set but no Docker engine answers (DOCKER_HOST="
                    + System.getenv("DOCKER_HOST") + "); start one with ../shared/tools/docker-engine.sh up");
        }
        return reachable;
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }

    /** The container's health as the engine reports it: starting, healthy, unhealthy. */
    public static String health(String container) throws IOException, InterruptedException {
        return run("inspect", "--format", "{{.State.Health.Status}}", container).trimmed();
    }
}
