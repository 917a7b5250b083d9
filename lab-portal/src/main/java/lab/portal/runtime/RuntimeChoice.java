package lab.portal.runtime;

/** The runtime the portal uses and why this one, for the page and the report. */
public record RuntimeChoice(ServiceRuntime runtime, String reason) {
}
