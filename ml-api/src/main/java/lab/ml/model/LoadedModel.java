package lab.ml.model;

/**
 * The model start-up ended with: what serves requests, where it came from, whether it is the
 * fallback (and why), whether its files came from the cache, and how long loading took.
 */
public record LoadedModel(TextClassifier classifier, String requested, String source, boolean fallback,
                          String fallbackReason, boolean fromCache, double loadSeconds) {
}
