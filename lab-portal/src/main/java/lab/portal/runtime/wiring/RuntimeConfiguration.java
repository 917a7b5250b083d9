package lab.portal.runtime.wiring;

import com.github.dockerjava.api.DockerClient;
import lab.portal.runtime.Installation;
import lab.portal.runtime.LabService;
import lab.portal.runtime.MemoryLimit;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.RuntimeChoice;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.runtime.ServiceSpec;
import lab.portal.runtime.docker.DockerRuntime;
import lab.portal.runtime.docker.ImageBuilds;
import lab.portal.runtime.local.LocalProcessRuntime;
import lab.portal.settings.LabProperties;
import lab.portal.settings.SetupProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one runtime the portal uses, chosen at start: {@code docker} whenever an engine answers (the lab's
 * images are built from the repository when they are missing or stale), otherwise local processes (the
 * embedded default, so a machine with only Java runs the lab). Can be forced ({@code local} /
 * {@code docker}); the choice says why, for the page. The only place that names the two runtimes.
 */
@Configuration
public class RuntimeConfiguration {

    @Bean
    RuntimeChoice runtimeChoice(LabProperties lab) {
        try {
            RuntimeChoice choice = choose(lab.runtime(), lab.dockerHost(), lab.repoPath(), lab.dataPath(), services(lab), lab.modelCacheVolume());
            if (choice.runtime() instanceof DockerRuntime docker) docker.images().prepareInBackground();
            return choice;
        } catch (RuntimeFailure e) {
            throw new SetupProblem(e.getMessage(), e);
        }
    }

    /** Closed with the portal: every replica it started is stopped, none is orphaned. */
    @Bean(destroyMethod = "close")
    ServiceRuntime serviceRuntime(RuntimeChoice choice) {
        return choice.runtime();
    }

    /** Each service's port, image and the settings its replicas get by default, from the configuration. */
    public static Map<LabService, ServiceSpec> services(LabProperties lab) {
        Map<LabService, ServiceSpec> services = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            LabProperties.Service p = lab.services().byKey().get(s.key());
            services.put(s, new ServiceSpec(p.port(), new ReplicaSettings(p.environment(), MemoryLimit.ofMegabytes(p.memoryLimitMb())),
                    p.image(), p.baseImage()));
        }
        return services;
    }

    /** Docker when an engine answers at {@code dockerHost} (or when forced), local processes otherwise. */
    public static RuntimeChoice choose(LabProperties.RuntimeMode mode, String dockerHost, Path repo, Path dataDir,
                                       Map<LabService, ServiceSpec> services, String modelCacheVolume) throws RuntimeFailure {
        if (mode == LabProperties.RuntimeMode.LOCAL) {
            return new RuntimeChoice(local(repo, dataDir, services), "local processes: forced by configuration");
        }
        DockerClient client = null;
        String unreachable;
        try {
            client = DockerRuntime.connect(dockerHost);
            unreachable = DockerRuntime.unreachableReason(client);
        } catch (IllegalArgumentException e) {
            // an address the client cannot parse (DOCKER_HOST with a space, a typo): no engine answers there
            unreachable = "that is not an address the Docker client can use (" + e.getMessage() + "); fix lab.docker-host or DOCKER_HOST";
        }
        if (unreachable == null) {
            DockerRuntime docker = new DockerRuntime(client, repo, services, modelCacheVolume, Installation.of(dataDir));
            return new RuntimeChoice(docker, "docker: the engine at " + dockerHost + " answers; " + images(docker.images()));
        }
        if (mode == LabProperties.RuntimeMode.DOCKER) {
            throw new RuntimeFailure("the Docker runtime was forced but the engine at " + dockerHost + " (lab.docker-host) cannot be used: " + unreachable);
        }
        return new RuntimeChoice(local(repo, dataDir, services), "local processes: at " + dockerHost + ", " + unreachable);
    }

    private static String images(ImageBuilds builds) {
        List<String> toBuild = new ArrayList<>();
        for (LabService service : LabService.values()) {
            if (!builds.current(service)) toBuild.add(builds.image(service));
        }
        return toBuild.isEmpty() ? "the lab's images are up to date"
                : "the images " + toBuild + " are built from the repository's Dockerfiles on first use (their output is in the logs)";
    }

    private static LocalProcessRuntime local(Path repo, Path dataDir, Map<LabService, ServiceSpec> services) {
        return new LocalProcessRuntime(repo, services, dataDir.resolve("children"));
    }
}
