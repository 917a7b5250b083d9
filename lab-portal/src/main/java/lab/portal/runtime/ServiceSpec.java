package lab.portal.runtime;

/**
 * What a runtime needs to run one service: the port of its first replica (replica n listens on
 * port + 10·n), the settings its replicas get unless a start says otherwise, and for containers the image
 * and the base it is built on.
 */
public record ServiceSpec(int port, ReplicaSettings defaults, String image, String baseImage) {

    /** Enough for local processes: a port and what its replicas get by default. */
    public static ServiceSpec local(int port, ReplicaSettings defaults) {
        return new ServiceSpec(port, defaults, null, null);
    }
}
