package lab.portal.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portal's configuration, bound once from {@code lab.*} (application.properties holds every default;
 * each key can be given on the command line, {@code --lab.runtime=local}, or in the environment,
 * {@code LAB_RUNTIME=local}).
 *
 * @param repo             the repository root: the services' jars, the Dockerfiles, the content
 * @param content          the lab definition (content/lab.yaml, which names the guide), relative to repo
 * @param dataDir          where the progress database and the record of started processes live
 * @param runtime          auto (Docker whenever an engine answers), local or docker
 * @param dockerHost       the engine to use
 * @param readyTimeout     how long an experiment waits for a service to become ready
 * @param allowedHosts     Host names the portal answers besides loopback (it controls a Docker engine)
 * @param modelCacheVolume the named volume every ml-api container keeps its model cache in (compose's too)
 * @param modelArtifact    a directory with DistilBERT-SST-2's files in DJL's artifact layout, which Experiment 6
 *                         serves from a model repository on 127.0.0.1 (empty: DJL's zoo when it answers, else the
 *                         offline model the project ships, in the same layout)
 * @param services         each service's settings
 */
@ConfigurationProperties("lab")
public record LabProperties(String repo, String content, String dataDir, RuntimeMode runtime, String dockerHost,
                            Duration readyTimeout, List<String> allowedHosts, String modelCacheVolume, String modelArtifact,
                            Services services) {

    /** A host name as the Host header carries it, without scheme, port or wildcard: what the Host check compares. */
    private static final java.util.regex.Pattern HOST_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    public LabProperties {
        for (String host : allowedHosts == null ? List.<String>of() : allowedHosts) {
            if (!host.isBlank() && !HOST_NAME.matcher(host.strip()).matches()) {
                throw new SetupProblem("lab.allowed-hosts has '" + host + "', which is not a host name: give bare names such as "
                        + "lab.example.org, without a scheme, port, path or wildcard (the portal drives a Docker engine and runs "
                        + "the guide's commands, so every name it answers to is listed one by one)", null);
            }
        }
    }

    /** Which runtime runs the services: Docker whenever an engine answers, or forced. */
    public enum RuntimeMode { AUTO, LOCAL, DOCKER }

    /** The two services' settings, by the key their figures carry ({@code traditional}, {@code ml}). */
    public record Services(Service traditional, Service ml) {
        public Map<String, Service> byKey() {
            Map<String, Service> all = new LinkedHashMap<>();
            all.put("traditional", traditional);
            all.put("ml", ml);
            return all;
        }
    }

    /**
     * @param port          the first replica's port (replica n listens on port + 10·n)
     * @param image         the image the Docker runtime runs (and builds when it is missing or stale)
     * @param baseImage     the BASE_IMAGE the image is built on (a registry's JRE 25, or a local one)
     * @param memoryLimitMb the memory limit of each replica, in MB; 0 means no limit (the one meaning of 0 for a
     *                      memory limit everywhere in the lab). A container's is set by the kernel; a local
     *                      process's is enforced by the portal
     * @param modelUri      MODEL_URI for ml-api (empty: ml-api's own default, DistilBERT with its fallback)
     * @param repoUrl       DJL_REPO_URL for ml-api: where the model zoo's repository is (empty: DJL's own)
     */
    public record Service(int port, String image, String baseImage, int memoryLimitMb, String modelUri, String repoUrl) {
        /** What the service's processes or containers get in their environment besides PORT and BIND. */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            if (modelUri != null && !modelUri.isBlank()) env.put("MODEL_URI", modelUri);
            if (repoUrl != null && !repoUrl.isBlank()) env.put("DJL_REPO_URL", repoUrl);
            return env;
        }
    }

    public Path repoPath() {
        return Path.of(repo).toAbsolutePath().normalize();
    }

    public Path contentFile() {
        return repoPath().resolve(content).normalize();
    }

    /** The model directory Experiment 6 serves on loopback, or null where none was given. */
    public Path modelArtifactPath() {
        return modelArtifact == null || modelArtifact.isBlank() ? null : repoPath().resolve(modelArtifact).normalize();
    }

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }
}
