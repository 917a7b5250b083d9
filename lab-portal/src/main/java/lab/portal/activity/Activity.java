package lab.portal.activity;

/**
 * Something the learner starts from the page that uses the stage (the services, the ports, the two
 * cores): an experiment run, a guide block. The {@link ActivityRunner} calls, in order: {@link #begin}
 * with the stage held, {@link #run} on the activity thread (or {@link #failed} when it threw), then, once
 * the stage is free again, {@link #announce}, so a page told it ended can start the next at once.
 */
public interface Activity {
    ActivityKind kind();

    /** What it runs ({@code load}, {@code step-4-1}): how the portal's metrics count it. */
    String subject();

    /** What it is in the learner's words, for whoever is refused while it runs: "experiment 'load'". */
    default String title() {
        return kind().words() + " '" + subject() + "'";
    }

    /** Records the run (it is running from now on) and tells the pages; returns the run's id. */
    long begin();

    /** Does the work, stores how it ended and returns that status ({@code PASSED}, {@code SUCCEEDED}, ...). */
    String run(Execution execution);

    /** {@link #run} threw: stores the run as failed with {@code problem}; returns that status. */
    String failed(Execution execution, Throwable problem);

    /** Tells the pages how it ended (the stage is free again). */
    void announce(Execution execution);

    /** One run of an activity: its id and its Cancel button. */
    record Execution(long runId, Cancellation cancellation) {
    }
}
