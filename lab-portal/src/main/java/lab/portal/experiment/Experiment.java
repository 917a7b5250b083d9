package lab.portal.experiment;

import lab.portal.evidence.Evidence;

/**
 * One of the lab's experiments: it drives the services through the context's runtime, measures, and
 * returns what its checks judge. Everything it needs (parameters from content/lab.yaml, progress for the
 * page, waits that stop at once on Cancel, load runs) comes from the {@link ExperimentContext}.
 */
public interface Experiment {
    /** The id content/lab.yaml knows it by. */
    String id();

    Evidence run(ExperimentContext context) throws ExperimentFailure;
}
