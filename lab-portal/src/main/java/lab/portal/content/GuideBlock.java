package lab.portal.content;

/**
 * A {@code bash} code block in a step of the guide, named by the portal ({@code step-2-1}: the step's
 * first block) so that the page asks for it by that name and never sends command text.
 */
public record GuideBlock(String id, String step, String code) {
}
