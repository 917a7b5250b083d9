package lab.portal;

import lab.portal.runtime.DockerRuntime;
import lab.portal.runtime.LabService;
import lab.portal.runtime.RuntimeChoice;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The portal's own configuration ({@code lab.*} in application.properties; every key can be set on the
 * command line, {@code --lab.runtime=local}, or as an environment variable, {@code LAB_RUNTIME=local}).
 */
@Component
public class LabSettings {
    private final Path repo;
    private final Path content;
    private final String runtime;
    private final String dockerHost;
    private final Map<LabService, Integer> ports = new EnumMap<>(LabService.class);
    private final Map<LabService, String> images = new EnumMap<>(LabService.class);
    private final Map<LabService, Long> memoryLimits = new EnumMap<>(LabService.class);
    private final Map<LabService, String> baseImages = new EnumMap<>(LabService.class);
    private final String modelCacheVolume;
    private final String mlModelUri;
    private final String mlRepoUrl;
    private final Duration readyTimeout;
    private final List<String> allowedHosts;

    /**
     * @param repo         the repository root: where the services' jars were built
     * @param content      the lab definition (content/lab.yaml, which names the guide), relative to repo
     * @param runtime      auto, local or docker
     * @param baseImage    BASE_IMAGE when the portal builds traditional-api's image (CI: a local JRE image)
     * @param mlBaseImage  BASE_IMAGE for ml-api's image (libtorch needs glibc's compatibility libraries)
     * @param modelCacheVolume the named volume every ml-api container keeps its model cache in (compose's too)
     * @param mlModelUri   MODEL_URI for ml-api; empty keeps ml-api's default (DistilBERT, offline fallback)
     * @param mlRepoUrl    DJL_REPO_URL for ml-api: the model repository; empty keeps DJL's own
     * @param readyTimeout how long an experiment waits for a service to become ready
     * @param allowedHosts Host names the portal answers besides loopback (it controls a Docker engine)
     */
    public LabSettings(@Value("${lab.repo:.}") String repo,
                       @Value("${lab.content:content/lab.yaml}") String content,
                       @Value("${lab.runtime:auto}") String runtime,
                       @Value("${lab.docker-host:${DOCKER_HOST:unix:///var/run/docker.sock}}") String dockerHost,
                       @Value("${lab.ports.traditional:8001}") int traditionalPort,
                       @Value("${lab.ports.ml:8002}") int mlPort,
                       @Value("${lab.images.traditional:inference-lab/traditional-api:latest}") String traditionalImage,
                       @Value("${lab.images.ml:inference-lab/ml-api:latest}") String mlImage,
                       @Value("${lab.memory-limit-mb.traditional:256}") long traditionalLimitMb,
                       @Value("${lab.memory-limit-mb.ml:1024}") long mlLimitMb,
                       @Value("${lab.base-image:eclipse-temurin:25-jre}") String baseImage,
                       @Value("${lab.ml-base-image:${lab.base-image:eclipse-temurin:25-jre}}") String mlBaseImage,
                       @Value("${lab.model-cache-volume:inference-lab-model-cache}") String modelCacheVolume,
                       @Value("${lab.ml-model-uri:}") String mlModelUri,
                       @Value("${lab.ml-repo-url:}") String mlRepoUrl,
                       @Value("${lab.ready-timeout:300s}") Duration readyTimeout,
                       @Value("${lab.allowed-hosts:}") String allowedHosts) {
        // Plain strings: Spring would resolve a Path against the web server's document root.
        this.repo = Path.of(repo).toAbsolutePath().normalize();
        this.content = this.repo.resolve(content).normalize();
        this.runtime = runtime;
        this.dockerHost = dockerHost;
        ports.put(LabService.TRADITIONAL, traditionalPort);
        ports.put(LabService.ML, mlPort);
        images.put(LabService.TRADITIONAL, traditionalImage);
        images.put(LabService.ML, mlImage);
        // Containers only (a local process has no limit): the same as docker-compose.yml; 0 = none.
        if (traditionalLimitMb > 0) memoryLimits.put(LabService.TRADITIONAL, traditionalLimitMb * 1024 * 1024);
        if (mlLimitMb > 0) memoryLimits.put(LabService.ML, mlLimitMb * 1024 * 1024);
        baseImages.put(LabService.TRADITIONAL, baseImage);
        baseImages.put(LabService.ML, mlBaseImage);
        this.modelCacheVolume = modelCacheVolume;
        this.mlModelUri = mlModelUri;
        this.mlRepoUrl = mlRepoUrl;
        this.readyTimeout = readyTimeout;
        this.allowedHosts = Arrays.stream(allowedHosts.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
    }

    public Path contentFile() {
        return content;
    }

    public Duration readyTimeout() {
        return readyTimeout;
    }

    public List<String> allowedHosts() {
        return allowedHosts;
    }

    public RuntimeChoice.Settings runtimeSettings() {
        Map<String, String> ml = new java.util.HashMap<>();
        if (!mlModelUri.isBlank()) ml.put("MODEL_URI", mlModelUri);
        if (!mlRepoUrl.isBlank()) ml.put("DJL_REPO_URL", mlRepoUrl);
        return new RuntimeChoice.Settings(runtime, dockerHost, repo,
                new DockerRuntime.Settings(images, baseImages, memoryLimits, modelCacheVolume), ports, Map.of(LabService.ML, Map.copyOf(ml)));
    }
}
