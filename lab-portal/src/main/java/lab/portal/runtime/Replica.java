package lab.portal.runtime;

import java.time.Instant;

/**
 * One running copy of a service as a runtime reports it. {@code exitCode} is set once it has exited;
 * {@code oomKilled} only a container runtime can know.
 */
public record Replica(String id, LabService service, int port, ReplicaState state, Instant startedAt,
                      Integer exitCode, boolean oomKilled) {
}
