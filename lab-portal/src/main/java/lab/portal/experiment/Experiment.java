package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;

/**
 * One of the lab's experiments: it drives the services through the context, measures, and returns what
 * its checks judge. It declares its parameters as a record {@code P} (bound from content/lab.yaml, with
 * the learner's changes) and everything it can produce as a schema (figures and series, with units and
 * labels): content that names anything else stops the portal at start, with the line.
 */
public interface Experiment<P extends Record> {
    /** The id content/lab.yaml knows it by. */
    String id();

    /** Its parameter record: every component is a parameter content/lab.yaml must give (snake_case). */
    Class<P> parameters();

    /**
     * What it needs of each service before it measures: the run establishes it, whatever the learner left
     * running, and puts that back afterwards.
     */
    StartingState startingState();

    /** Every figure and series it can produce. */
    EvidenceSchema schema();

    Evidence run(ExperimentContext context, P parameters) throws ExperimentFailure;
}
