package lab.portal.runtime;

import lab.process.Probe;

import java.time.Instant;

/**
 * One replica a runtime started: how to tell whether it still runs, how to stop it, and what its
 * resources are. The state it is in (starting, live, ready) is probed from outside, over its port,
 * the same way for a process and for a container, as a readiness probe would.
 */
abstract class ManagedReplica {
    final String id;
    final LabService service;
    final int index;
    final int port;
    final Instant startedAt = Instant.now();
    volatile ReplicaState state = ReplicaState.STARTING;
    /** What it was started with on top of the configuration; set by the runtime as it launches it. */
    volatile ServiceRuntime.Overrides overrides = ServiceRuntime.Overrides.NONE;

    ManagedReplica(String id, LabService service, int index, int port) {
        this.id = id;
        this.service = service;
        this.index = index;
        this.port = port;
    }

    abstract boolean running();

    /** The exit code once it has exited, else null. */
    abstract Integer exitCode();

    /** Whether it was killed for exceeding its memory limit (by the kernel, or by the local runtime's watch). */
    boolean oomKilled() {
        return false;
    }

    /** Stops it and everything it started; returns when it is gone. */
    abstract void kill();

    /** CPU and resident memory now, or null when this runtime streams them itself. */
    abstract RuntimeEvents.ResourceSample sample();

    void probe() {
        if (!running()) {
            state = ReplicaState.EXITED;
        } else if (Probe.status(port, "/ready") == 200) {
            state = ReplicaState.READY;
        } else if (Probe.status(port, "/health") == 200) {
            state = ReplicaState.LIVE;
        } else if (state != ReplicaState.STARTING) {
            state = ReplicaState.STARTING; // was answering, now is not: a stall or a restart
        }
    }

    /** What the last probe saw: no second look (for a container, each look is a call to the engine). */
    Replica snapshot() {
        return new Replica(id, service, port, state, startedAt, state == ReplicaState.EXITED ? exitCode() : null, oomKilled(),
                overrides);
    }
}
