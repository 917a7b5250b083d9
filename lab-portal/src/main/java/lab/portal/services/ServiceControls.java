package lab.portal.services;

import lab.portal.activity.ActivityKind;
import lab.portal.activity.ActivityRunner;
import lab.portal.ops.PortalMetrics;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.RuntimeChoice;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;
import org.springframework.stereotype.Service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The learner's own hands on the services: start, stop, restart, scale, and rebuild the image (Docker).
 * Refused while an experiment runs, since it would spoil what that run measures; counted for the portal's
 * metrics.
 */
@Service
public class ServiceControls {

    /** What the learner may do to a service. */
    public enum Action { START, STOP, RESTART, SCALE, BUILD }

    /** Refused: an experiment runs, or the runtime cannot (its reason). */
    public static final class Refused extends Exception {
        private final boolean experimentRunning;

        Refused(String message, boolean experimentRunning) {
            super(message);
            this.experimentRunning = experimentRunning;
        }

        public boolean experimentRunning() {
            return experimentRunning;
        }
    }

    private final RuntimeChoice choice;
    private final ServiceRuntime runtime;
    private final ActivityRunner activities;
    private final PortalMetrics metrics;

    public ServiceControls(RuntimeChoice choice, ActivityRunner activities, PortalMetrics metrics) {
        this.choice = choice;
        this.runtime = choice.runtime();
        this.activities = activities;
        this.metrics = metrics;
    }

    /** Which runtime runs the services, for the page's header. */
    public String runtimeName() {
        return runtime.name();
    }

    /** Why this runtime was chosen. */
    public String runtimeReason() {
        return choice.reason();
    }

    /** Every service's replicas now. */
    public Map<LabService, List<Replica>> replicas() {
        Map<LabService, List<Replica>> all = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) all.put(s, runtime.replicas(s));
        return all;
    }

    /** Does it (scale to {@code replicas}); returns the service's replicas after it. A scale without a count in range is an IllegalArgumentException. */
    public List<Replica> act(LabService s, Action action, Integer replicas) throws Refused {
        String name = action.name().toLowerCase(java.util.Locale.ROOT);
        if (action == Action.SCALE && (replicas == null || replicas < 0 || replicas > ServiceRuntime.MAX_REPLICAS)) {
            throw new IllegalArgumentException("scale needs replicas=0.." + ServiceRuntime.MAX_REPLICAS + ", got " + replicas);
        }
        if (activities.running().filter(k -> k == ActivityKind.EXPERIMENT).isPresent()) {
            throw new Refused("an experiment is running and controls the services; wait for it or cancel it", true);
        }
        try {
            List<Replica> now = switch (action) {
                case START -> runtime.start(s);
                case RESTART -> runtime.restart(s);
                case STOP -> {
                    runtime.stop(s);
                    yield runtime.replicas(s);
                }
                case SCALE -> runtime.scale(s, replicas);
                case BUILD -> {
                    runtime.rebuildImage(s);
                    yield runtime.replicas(s);
                }
            };
            metrics.runtimeOperation(s.id(), name, true);
            return now;
        } catch (RuntimeFailure e) {
            metrics.runtimeOperation(s.id(), name, false);
            throw new Refused(e.getMessage(), false);
        }
    }
}
