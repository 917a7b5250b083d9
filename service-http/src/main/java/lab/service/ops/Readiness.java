package lab.service.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Whether the service takes traffic now, and if not, why: start-up has not finished (or failed), the
 * service reported a problem (its model worker broke), or it is shutting down. One answer for /ready,
 * /metrics and the work routes, so a load balancer, a dashboard and a client never disagree.
 */
public final class Readiness {
    private final StartupTimeline timeline;
    private final List<Supplier<String>> problems = new CopyOnWriteArrayList<>();
    private volatile boolean draining;

    public Readiness(StartupTimeline timeline) {
        this.timeline = timeline;
    }

    /** A condition that makes the service not ready for as long as it returns a reason (null: fine). */
    public void check(Supplier<String> problem) {
        problems.add(problem);
    }

    /** From now on the service is shutting down: not ready, whatever else holds. */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    public boolean ready() {
        return timeline.isReady() && !draining && problem() == null;
    }

    /** The first reported problem, or null. */
    public String problem() {
        for (Supplier<String> p : problems) {
            String why = p.get();
            if (why != null) return why;
        }
        return null;
    }

    /** Where the service is: a start-up phase, "ready", "draining" or "broken". */
    public String phase() {
        if (draining) return "draining";
        if (timeline.isReady() && problem() != null) return "broken";
        return timeline.currentPhase();
    }

    /** Why it is not ready, or null when it is. */
    public String reason() {
        if (draining) return "shutting down: in-flight requests finish, new ones go elsewhere";
        if (!timeline.isReady()) {
            if (timeline.failure() != null) return timeline.failure();
            String detail = timeline.detail();
            return "start-up phase '" + timeline.currentPhase() + "' running for "
                    + Math.round(timeline.currentPhaseSeconds() * 1000) / 1000.0 + " s" + (detail == null ? "" : ": " + detail);
        }
        return problem();
    }
}
