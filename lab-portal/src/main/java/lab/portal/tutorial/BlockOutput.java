package lab.portal.tutorial;

import java.util.function.Consumer;

/**
 * A block's output as it arrives: each piece goes to the page at once, and the end of it is kept (the
 * first characters go once it is longer than the limit, and are counted).
 */
final class BlockOutput {
    private final int limit;
    private final Consumer<String> live;
    private final StringBuilder kept = new StringBuilder();
    private long dropped;

    BlockOutput(int limitChars, Consumer<String> live) {
        this.limit = limitChars;
        this.live = live;
    }

    synchronized void append(String text) {
        kept.append(text);
        if (kept.length() > limit) {
            int cut = kept.length() - limit;
            kept.delete(0, cut);
            dropped += cut;
        }
        live.accept(text);
    }

    /** A line the runner itself writes (what it does for the learner), marked as the portal's. */
    void note(String line) {
        append("▸ " + line + "\n");
    }

    synchronized String text() {
        return kept.toString();
    }

    synchronized long dropped() {
        return dropped;
    }
}
