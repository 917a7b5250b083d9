package lab.ml.model;

/**
 * The model start-up ended with: what serves requests, what was asked for, where it came from, whether
 * it is the fallback (and why), where its files were found, and how long resolving and loading took.
 * {@code note} says more about {@code origin} where there is more to say (why the repository was not used).
 * {@code modelDir} is where its files are on disk (null for the offline model read from the jar), and
 * {@code downloadedBytes} what this start fetched over the network for it (0: nothing).
 */
public record LoadedModel(TextClassifier classifier, String requested, String source, boolean fallback,
                          String fallbackReason, ModelOrigin origin, String note, double loadSeconds, java.nio.file.Path modelDir,
                          long downloadedBytes) {

    public boolean fromCache() {
        return origin.fromCache();
    }
}
