package lab.portal.activity;

/** The kinds of activity that take the stage. */
public enum ActivityKind {
    /** An experiment run: measures, then its checks are judged. */
    EXPERIMENT("experiment"),
    /** A bash block of the guide, run from the page. */
    BLOCK("guide block"),
    /** Run this step: a step's blocks in order, until one fails. */
    STEP("guide step");

    private final String words;

    ActivityKind(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
