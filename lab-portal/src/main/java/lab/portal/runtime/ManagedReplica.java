package lab.portal.runtime;

import java.time.Instant;

/**
 * One replica a runtime started: how to tell whether it still runs, how to stop it, and what its
 * resources are. The state it is in (starting, live, ready) is probed from outside, over its port,
 * the same way for a process and for a container, as a readiness probe would.
 */
public abstract class ManagedReplica {
    protected final String id;
    protected final LabService service;
    protected final int index;
    protected final int port;
    /** What it was started with. */
    protected final ReplicaSettings settings;
    private final Instant startedAt = Instant.now();

    /** When the runtime launched it. */
    protected Instant startedAt() {
        return startedAt;
    }

    private volatile ReplicaState state = ReplicaState.STARTING;

    protected ManagedReplica(String id, LabService service, int index, int port, ReplicaSettings settings) {
        this.id = id;
        this.service = service;
        this.index = index;
        this.port = port;
        this.settings = settings;
    }

    /** Its id, as log lines and samples carry it. */
    public String id() {
        return id;
    }

    protected abstract boolean running();

    /** The exit code once it has exited, else null. */
    protected abstract Integer exitCode();

    /** Whether it was killed for exceeding its memory limit (by the kernel, or by the local runtime's watch). */
    protected boolean oomKilled() {
        return false;
    }

    /** Stops it and everything it started; returns when it is gone. */
    protected abstract void kill();

    /**
     * Enforces its memory limit where no kernel does; called before each probe, so a replica past its
     * limit is killed before it can be seen ready. Where a cgroup holds the limit there is nothing to do.
     */
    protected void enforceMemoryLimit() {
    }

    /** CPU and resident memory now, or null when this runtime streams them itself. */
    protected abstract RuntimeEvents.ResourceSample sample();

    ReplicaState state() {
        return state;
    }

    void exited() {
        state = ReplicaState.EXITED;
    }

    void probe() {
        if (!running()) {
            state = ReplicaState.EXITED;
        } else if (ServiceClient.status(port, "/ready") == 200) {
            state = ReplicaState.READY;
        } else if (ServiceClient.status(port, "/health") == 200) {
            state = ReplicaState.LIVE;
        } else if (state != ReplicaState.STARTING) {
            state = ReplicaState.STARTING; // was answering, now is not: a stall or a restart
        }
    }

    /** What the last probe saw: no second look (for a container, each look is a call to the engine). */
    Replica snapshot() {
        return new Replica(id, service, port, state, startedAt, state == ReplicaState.EXITED ? exitCode() : null, oomKilled(), settings);
    }
}
