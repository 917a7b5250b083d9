package lab.portal.experiment;

import lab.portal.evidence.Figure;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The figures the portal's other panels read from the learner's latest measured runs (the cost panel, the
 * Kubernetes settings, Experiment 5's sizing), named through the experiments' own declarations: a
 * renamed figure changes here with its experiment, and nothing reads a name typed again.
 */
public final class Measures {

    /** A figure of an experiment's latest measured run. */
    public record Measure(String experiment, Figure figure) {
    }

    /**
     * A figure as another panel uses it, with where it came from: which run, of which experiment, on which
     * runtime, with which ml-api model, and when. A number on the page always says what it is about.
     */
    public record Sourced(String figure, String label, String unit, double value, long runId, String experiment, String runtime, String model,
                          Instant finishedAt) {
    }

    private Measures() {
    }

    /** The measure's value in the experiment's latest measured run, with its source; empty when not measured. */
    public static Optional<Sourced> latest(Map<String, StoredRun> runs, Measure m) {
        StoredRun r = runs.get(m.experiment());
        if (r == null) return Optional.empty();
        Double v = r.evidence().figure(m.figure());
        return v == null ? Optional.empty() : Optional.of(new Sourced(m.figure().name(), m.figure().label(), m.figure().unit().symbol(), v, r.id(),
                r.experiment(), r.runtime(), r.model(), r.finishedAt()));
    }

    /** Experiment 3: the service's resident memory under load, what each replica costs. */
    public static Measure steadyMemory(LabService service) {
        return new Measure("resources", ResourceExperiment.steadyMemory(service));
    }

    /** Experiment 1: the service's slowest start to ready, what a startup probe must allow. */
    public static Measure slowestReady(LabService service) {
        return new Measure("startup", StartupExperiment.READY_MAX.of(service.key()));
    }

    /** Experiment 1: the median start to ready, where the slowest was not kept. */
    public static Measure medianReady(LabService service) {
        return new Measure("startup", StartupExperiment.READY.of(service.key()));
    }

    /** Experiment 5: the seconds from the spike to a replica scaled out at it serving. */
    public static Measure coldStartGap(LabService service) {
        return new Measure("scaling", ScalingExperiment.coldStartGap(service));
    }
}
