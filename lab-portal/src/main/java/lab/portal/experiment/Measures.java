package lab.portal.experiment;

import lab.portal.evidence.Figure;
import lab.portal.runtime.LabService;

/**
 * The figures the portal's other panels read from the learner's latest measured runs (the cost panel, the
 * Kubernetes settings, Experiment 5's sizing), named through the experiments' own declarations: a
 * renamed figure changes here with its experiment, and nothing reads a name typed again.
 */
public final class Measures {

    /** A figure of an experiment's latest measured run. */
    public record Measure(String experiment, Figure figure) {
    }

    private Measures() {
    }

    /** Experiment 2: the service's resident memory under load, what each replica costs. */
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
