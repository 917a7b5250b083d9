package lab.portal.content;

/** One "## Step N — title" section of setup.md: its id (step-N), title, estimated minutes and body. */
public record GuideStep(String id, String title, int minutes, String markdown, String html) {
}
