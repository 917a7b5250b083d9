package lab.portal.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything a runtime reported, kept for assertions, and a bounded wait for a condition. */
public final class RecordedEvents implements RuntimeEvents {
    public final List<Replica> states = new CopyOnWriteArrayList<>();
    public final List<LogLine> logs = new CopyOnWriteArrayList<>();
    public final List<ResourceSample> samples = new CopyOnWriteArrayList<>();

    @Override
    public void log(LogLine line) {
        logs.add(line);
    }

    @Override
    public void sample(ResourceSample sample) {
        samples.add(sample);
    }

    @Override
    public void stateChanged(Replica replica) {
        states.add(replica);
    }

    /** Whether LIVE was reported before READY (the first of each). */
    public boolean liveBeforeReady() {
        int live = -1, ready = -1;
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).state() == ReplicaState.LIVE && live < 0) live = i;
            if (states.get(i).state() == ReplicaState.READY && ready < 0) ready = i;
        }
        return live >= 0 && live < ready;
    }

    public static void await(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
