package lab.portal.activity;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The services, the ports and the two cores are one stage: one experiment or one guide block uses it at a
 * time. Whoever holds it says what it is doing, so the one refused can tell the learner.
 */
@Component
public class Stage {

    /** The stage is taken; the message names by what. */
    public static final class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    /** A hold on the stage; closing it releases it (once). */
    public final class Hold implements AutoCloseable {
        private final String what;
        private boolean released;

        private Hold(String what) {
            this.what = what;
        }

        public String what() {
            return what;
        }

        @Override
        public void close() {
            synchronized (Stage.this) {
                if (!released && holder == this) holder = null;
                released = true;
                Stage.this.notifyAll();
            }
        }
    }

    private Hold holder;

    /** Takes the stage for {@code what} ("experiment 'load' (run 12)"), or says who has it. */
    public synchronized Hold take(String what) throws Busy {
        return take(what, Duration.ZERO);
    }

    /** Takes the stage, waiting up to {@code patience} for whoever holds it to let go; else says who has it. */
    public synchronized Hold take(String what, Duration patience) throws Busy {
        long deadline = System.nanoTime() + patience.toNanos();
        while (holder != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw busy();
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy();
            }
        }
        holder = new Hold(what);
        return holder;
    }

    /** Called holding the monitor; after an interrupt the holder may have let go in the meantime. */
    private Busy busy() {
        return new Busy((holder == null ? "another activity" : holder.what) + " is running; wait for it or cancel it");
    }

    /** What holds the stage now, or null. */
    public synchronized String holder() {
        return holder == null ? null : holder.what;
    }
}
