package lab.portal.experiment;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A run's Cancel button. A flag, not a thread interrupt: an interrupted thread would carry its interrupt
 * into the run's own clean-up (stopping what it started, writing the outcome), which then fails halfway.
 * Every wait of an experiment sleeps through {@link #pause}, which notices a cancel within 50 ms.
 */
public final class Cancellation {
    private static final long SLICE_NANOS = 50_000_000;
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Throws when the run was cancelled. */
    public void check() throws ExperimentCancelled {
        if (cancelled) throw new ExperimentCancelled();
    }

    /** Sleeps for {@code d}, or less: a cancel ends it at once with {@link ExperimentCancelled}. */
    public void pause(Duration d) throws ExperimentCancelled {
        long until = System.nanoTime() + d.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            check();
            LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
        }
        check();
    }
}
