package lab.portal.runtime;

import java.time.Instant;

/**
 * One running copy of a service as a runtime reports it. {@code exitCode} is set once it has exited;
 * {@code oomKilled} when it was killed for passing its memory limit; {@code settings} what it was
 * started with.
 */
public record Replica(String id, LabService service, int port, ReplicaState state, Instant startedAt,
                      Integer exitCode, boolean oomKilled, ReplicaSettings settings) {
}
