package lab.portal.activity;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What an activity waits for, as a value (in the spirit of testcontainers' wait strategies): a condition
 * probed every {@code every} until it holds. It fails at once when {@code failure} has a reason (the
 * service it watches exited: nothing will change any more), fails with its description after
 * {@code timeout} (null: the caller's default), and stops at once when the activity is cancelled.
 * The condition itself may end the wait with a reason by throwing {@link Hopeless}.
 */
public record Wait(String what, BooleanSupplier condition, Duration every, Duration timeout, Supplier<String> failure) {

    /** Thrown by a condition that knows it will never hold (a service that says it cannot become ready). */
    public static final class Hopeless extends RuntimeException {
        public Hopeless(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The wait ended without the condition: the reason says why, in the learner's words. */
    public static final class Failed extends Exception {
        public Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Waits until {@code condition} holds, probing every 50 ms. */
    public static Wait until(String what, BooleanSupplier condition) {
        return new Wait(what, condition, Duration.ofMillis(50), null, () -> null);
    }

    public Wait every(Duration interval) {
        return new Wait(what, condition, interval, timeout, failure);
    }

    public Wait timeout(Duration limit) {
        return new Wait(what, condition, every, limit, failure);
    }

    /** Fails at once with the reason {@code reason} gives (null while there is none). */
    public Wait failingWhen(Supplier<String> reason) {
        return new Wait(what, condition, every, timeout, reason);
    }

    /** Probes until the condition holds; {@code defaultTimeout} where this wait names none. */
    public void await(Cancellation cancellation, Duration defaultTimeout) throws Failed, Cancelled {
        Duration limit = timeout != null ? timeout : defaultTimeout;
        long deadline = System.nanoTime() + limit.toNanos();
        while (!holds()) {
            String reason = failure.get();
            if (reason != null) throw new Failed(reason);
            if (System.nanoTime() > deadline) throw new Failed(what + " did not happen within " + limit.toSeconds() + " s");
            cancellation.pause(every);
        }
    }

    private boolean holds() throws Failed {
        try {
            return condition.getAsBoolean();
        } catch (Hopeless h) {
            throw new Failed(h.getMessage());
        }
    }
}
