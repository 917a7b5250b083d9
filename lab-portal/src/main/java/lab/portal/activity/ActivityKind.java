package lab.portal.activity;

/** The kinds of activity that take the stage. Guided mode adds more (the learner's terminal, a whole step). */
public enum ActivityKind {
    /** An experiment run: measures, then its checks are judged. */
    EXPERIMENT("experiment"),
    /** A bash block of the guide, run from the page. */
    BLOCK("guide block");

    private final String words;

    ActivityKind(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
