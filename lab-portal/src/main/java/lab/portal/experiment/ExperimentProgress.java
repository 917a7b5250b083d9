package lab.portal.experiment;

/** What a running experiment tells the page as it goes: a line of progress and how far it is. */
@FunctionalInterface
public interface ExperimentProgress {
    void report(String message, double fraction);

    ExperimentProgress NONE = (m, f) -> {
    };
}
