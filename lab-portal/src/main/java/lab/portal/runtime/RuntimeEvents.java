package lab.portal.runtime;

import java.time.Instant;

/** What a runtime streams: log lines, 1 Hz resource samples and state changes of each replica. */
public interface RuntimeEvents {
    record LogLine(String replicaId, Instant at, String text) {
    }

    /** CPU in percent of one core (200 = two cores busy) and resident memory in bytes. */
    record ResourceSample(String replicaId, Instant at, double cpuPercent, long residentBytes) {
    }

    default void log(LogLine line) {
    }

    default void sample(ResourceSample sample) {
    }

    default void stateChanged(Replica replica) {
    }
}
