package lab.portal.activity;

/** The learner cancelled the activity: whatever waits or pauses in it stops at once with this. */
public final class Cancelled extends Exception {
    public Cancelled() {
        super("cancelled", null, false, false);
    }
}
