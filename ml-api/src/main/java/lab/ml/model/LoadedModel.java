package lab.ml.model;

/**
 * The model start-up ended with: what serves requests, what was asked for, where it came from, whether
 * it is the fallback (and why), where its files were found, and how long resolving and loading took.
 * {@code note} says more about {@code origin} where there is more to say (why the repository was not used).
 */
public record LoadedModel(TextClassifier classifier, String requested, String source, boolean fallback,
                          String fallbackReason, ModelOrigin origin, String note, double loadSeconds) {

    public boolean fromCache() {
        return origin.fromCache();
    }
}
