package lab.portal.experiment;

import lab.portal.runtime.LabService;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What an experiment waits for, as a value (in the spirit of testcontainers' wait strategies): a
 * condition probed every {@code every} until it holds. It fails fast when the replicas of
 * {@code service} have exited (nothing will change any more), fails with its description after
 * {@code timeout} (null: the portal's ready timeout), and stops at once when the run is cancelled.
 * {@link ExperimentContext#await} runs it.
 */
public record Wait(String what, BooleanSupplier condition, Duration every, Duration timeout, LabService service) {

    /** Waits until {@code condition} holds, probing every 50 ms. */
    public static Wait until(String what, BooleanSupplier condition) {
        return new Wait(what, condition, Duration.ofMillis(50), null, null);
    }

    public Wait every(Duration interval) {
        return new Wait(what, condition, interval, timeout, service);
    }

    public Wait timeout(Duration limit) {
        return new Wait(what, condition, every, limit, service);
    }

    /** Fails at once, with the exit code, when the service's replicas have exited. */
    public Wait failingIfExited(LabService s) {
        return new Wait(what, condition, every, timeout, s);
    }
}
