package lab.service.ops;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The measured start-up of this process as named phases, timed from the JVM's own start time, plus the
 * readiness that follows from it: ready only once the last phase has completed, never on a guess.
 */
public final class StartupTimeline {
    /** One completed phase: when it started and how long it took, in seconds since JVM start. */
    public record Phase(String name, double startS, double durationS) {
    }

    private final long jvmStartMillis;
    private final List<Phase> phases = new CopyOnWriteArrayList<>();
    private volatile String current = "jvm_start";
    private volatile long currentSinceMillis;
    private volatile boolean ready;
    private volatile String failure;
    private volatile String detail;

    public StartupTimeline() {
        this(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    StartupTimeline(long jvmStartMillis) {
        this.jvmStartMillis = jvmStartMillis;
        this.currentSinceMillis = jvmStartMillis;
    }

    /**
     * Ends the current phase and starts the next one (naming the current phase again changes nothing).
     * A phase runs once: its name labels /metrics and /info, where a second one would be ambiguous.
     */
    public synchronized void begin(String phase) {
        if (phase.equals(current)) {
            return;
        }
        if (phases.stream().anyMatch(p -> p.name().equals(phase))) {
            throw new IllegalStateException("start-up phase '" + phase + "' has already run; name a repeated attempt apart");
        }
        closeCurrent();
        current = phase;
        detail = null;
    }

    /** What the current phase is doing just now (how much of a download is done), for /ready; null clears it. */
    public void detail(String text) {
        detail = text;
    }

    /** The current phase's latest detail, or null. */
    public String detail() {
        return detail;
    }

    /** Ends the last phase: from now on the service is ready. */
    public synchronized void ready() {
        closeCurrent();
        current = "ready";
        ready = true;
    }

    /** Start-up cannot complete; the service stays live but never ready, and says why. */
    public synchronized void fail(String reason) {
        closeCurrent();
        failure = reason;
        current = "failed";
    }

    private void closeCurrent() {
        detail = null;
        long now = System.currentTimeMillis();
        phases.add(new Phase(current, seconds(currentSinceMillis), (now - currentSinceMillis) / 1000.0));
        currentSinceMillis = now;
    }

    private double seconds(long epochMillis) {
        return (epochMillis - jvmStartMillis) / 1000.0;
    }

    public boolean isReady() {
        return ready;
    }

    public String currentPhase() {
        return current;
    }

    /** Why start-up failed, or null. */
    public String failure() {
        return failure;
    }

    public List<Phase> phases() {
        return List.copyOf(phases);
    }

    /** Seconds from JVM start to now. */
    public double uptimeSeconds() {
        return seconds(System.currentTimeMillis());
    }

    /** Seconds the current (unfinished) phase has run so far. */
    public double currentPhaseSeconds() {
        return (System.currentTimeMillis() - currentSinceMillis) / 1000.0;
    }

    /** Seconds from JVM start to ready, or NaN while not ready. */
    public double secondsToReady() {
        if (!ready) {
            return Double.NaN;
        }
        Phase last = phases.get(phases.size() - 1);
        return last.startS() + last.durationS();
    }

    /** The end of the named phase in seconds since JVM start, or NaN if it has not completed. */
    public double endOf(String phase) {
        return phases.stream().filter(p -> p.name().equals(phase))
                .mapToDouble(p -> p.startS() + p.durationS()).findFirst().orElse(Double.NaN);
    }
}
