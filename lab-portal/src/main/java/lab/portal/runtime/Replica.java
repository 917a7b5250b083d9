package lab.portal.runtime;

import java.time.Instant;

/**
 * One running copy of a service as a runtime reports it. {@code exitCode} is set once it has exited;
 * {@code oomKilled} when it was killed for passing its memory limit; {@code settings} what it was
 * started with.
 */
public record Replica(String id, LabService service, int port, ReplicaState state, Instant startedAt,
                      Integer exitCode, boolean oomKilled, ReplicaSettings settings) {

    /** Started and not exited: it holds its port and its memory, ready or not. */
    public boolean running() {
        return state != ReplicaState.EXITED;
    }
}
