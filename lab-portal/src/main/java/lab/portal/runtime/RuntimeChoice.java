package lab.portal.runtime;

import com.github.dockerjava.api.DockerClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which runtime the lab uses: {@code docker} whenever an engine answers (the lab's images are built from
 * the repository when they are missing or stale), otherwise local processes (the embedded default, so a
 * machine with only Java runs the lab). Can be forced ({@code local} / {@code docker});
 * {@link #reason()} says why this one was chosen, for the page.
 */
public record RuntimeChoice(ServiceRuntime runtime, String reason) {

    /** How to choose, from configuration. */
    public record Settings(String mode, String dockerHost, Path repo, DockerRuntime.Settings docker,
                           Map<LabService, Integer> basePorts, Map<LabService, Map<String, String>> env) {
    }

    public static RuntimeChoice choose(Settings s) throws ServiceRuntime.RuntimeFailure {
        String mode = s.mode() == null ? "auto" : s.mode().trim().toLowerCase();
        if (mode.equals("local")) {
            return new RuntimeChoice(local(s), "local processes: forced by configuration");
        }
        if (!mode.equals("auto") && !mode.equals("docker")) {
            throw new ServiceRuntime.RuntimeFailure("runtime must be auto, local or docker, got '" + s.mode() + "'");
        }
        DockerClient client = DockerRuntime.connect(s.dockerHost());
        String unreachable = DockerRuntime.unreachableReason(client);
        if (unreachable == null) {
            DockerRuntime docker = new DockerRuntime(client, s.repo(), s.docker(), s.basePorts(), s.env());
            return new RuntimeChoice(docker, "docker: the engine at " + s.dockerHost() + " answers; " + images(docker.images()));
        }
        if (mode.equals("docker")) {
            throw new ServiceRuntime.RuntimeFailure("the Docker runtime was forced but cannot be used: " + unreachable);
        }
        return new RuntimeChoice(local(s), "local processes: " + unreachable);
    }

    private static String images(ImageBuilds builds) {
        List<String> toBuild = new ArrayList<>();
        for (LabService service : LabService.values()) {
            if (!builds.current(service)) toBuild.add(builds.image(service));
        }
        return toBuild.isEmpty() ? "the lab's images are up to date"
                : "the images " + toBuild + " are built from the repository's Dockerfiles on first use (their output is in the logs)";
    }

    private static LocalProcessRuntime local(Settings s) {
        return new LocalProcessRuntime(s.repo(), s.basePorts(), s.env());
    }
}
