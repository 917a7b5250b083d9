package lab.portal.content;

/** Something in content/lab.yaml that does not hold together, at a path ({@code checks[3].left}) whose line the report names. */
public record ContentProblem(String path, String message) {
}
