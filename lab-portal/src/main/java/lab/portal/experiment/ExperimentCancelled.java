package lab.portal.experiment;

/** The learner cancelled the run: what it measured so far is dropped; what it started is stopped. */
public final class ExperimentCancelled extends ExperimentFailure {
    ExperimentCancelled() {
        super("the experiment was cancelled");
    }
}
