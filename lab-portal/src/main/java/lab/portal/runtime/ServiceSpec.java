package lab.portal.runtime;

import java.util.Map;

/**
 * What a runtime needs to run one service: the port of its first replica (replica n listens on
 * port + 10·n), what its replicas get in their environment besides PORT and BIND, and for containers the
 * image, the base it is built on and the memory limit (null: none).
 */
public record ServiceSpec(int port, Map<String, String> env, String image, String baseImage, Long memoryLimitBytes) {

    public ServiceSpec {
        env = Map.copyOf(env);
    }

    /** Enough for local processes. */
    public static ServiceSpec local(int port, Map<String, String> env) {
        return new ServiceSpec(port, env, null, null, null);
    }
}
