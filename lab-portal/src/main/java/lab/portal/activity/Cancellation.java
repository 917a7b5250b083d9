package lab.portal.activity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * An activity's Cancel button. A flag, not a thread interrupt: an interrupted thread would carry its
 * interrupt into the activity's own clean-up (stopping what it started, writing the outcome), which then
 * fails halfway. Every wait sleeps through {@link #pause}, which notices a cancel within 50 ms; what cannot
 * wait for that (a process the activity runs) registers {@link #onCancel} to be stopped at once.
 */
public final class Cancellation {
    private static final long SLICE_NANOS = 50_000_000;
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
        hooks.forEach(Runnable::run);
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Runs {@code hook} at the cancel (at once, if it was cancelled already); {@link #remove} when it no longer applies. */
    public void onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) hook.run();
    }

    public void remove(Runnable hook) {
        hooks.remove(hook);
    }

    /** Throws when the activity was cancelled. */
    public void check() throws Cancelled {
        if (cancelled) throw new Cancelled();
    }

    /** Sleeps for {@code d}, or less: a cancel ends it at once with {@link Cancelled}. */
    public void pause(Duration d) throws Cancelled {
        long until = System.nanoTime() + d.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            check();
            LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
        }
        check();
    }
}
