package lab.portal.content;

import java.util.List;

/**
 * One "## Step N — title" section of setup.md: its id (step-N), title, estimated minutes, body and the
 * bash blocks the runner can run.
 */
public record GuideStep(String id, String title, int minutes, String markdown, String html, List<GuideBlock> blocks) {
    public GuideStep {
        blocks = List.copyOf(blocks);
    }
}
