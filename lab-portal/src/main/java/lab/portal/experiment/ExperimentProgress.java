package lab.portal.experiment;

/**
 * What a running experiment tells the page as it goes: a line of progress and how far it is, and each
 * data point as soon as it is measured (so the chart fills during the run, not only at the end).
 */
@FunctionalInterface
public interface ExperimentProgress {
    void report(String message, double fraction);

    /** One row of the series {@code series} of the evidence being built, e.g. a start's timeline. */
    default void point(String series, double... row) {
    }

    ExperimentProgress NONE = (m, f) -> {
    };
}
