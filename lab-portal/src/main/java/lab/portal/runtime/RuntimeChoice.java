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

    public enum Mode { AUTO, LOCAL, DOCKER }

    /**
     * How to choose and what to run.
     *
     * @param dataDir      where the portal keeps its state: the record of its children, and its installation id
     */
    public record Settings(Mode mode, String dockerHost, Path repo, Path dataDir, Map<LabService, ServiceSpec> services,
                           String modelCacheVolume) {
    }

    public static RuntimeChoice choose(Settings s) throws ServiceRuntime.RuntimeFailure {
        if (s.mode() == Mode.LOCAL) {
            return new RuntimeChoice(local(s), "local processes: forced by configuration");
        }
        DockerClient client = DockerRuntime.connect(s.dockerHost());
        String unreachable = DockerRuntime.unreachableReason(client);
        if (unreachable == null) {
            DockerRuntime docker = new DockerRuntime(client, s.repo(), s.services(), s.modelCacheVolume(), Installation.of(s.dataDir()));
            return new RuntimeChoice(docker, "docker: the engine at " + s.dockerHost() + " answers; " + images(docker.images()));
        }
        if (s.mode() == Mode.DOCKER) {
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
        return new LocalProcessRuntime(s.repo(), s.services(), s.dataDir().resolve("children"));
    }
}
