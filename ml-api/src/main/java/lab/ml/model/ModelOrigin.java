package lab.ml.model;

/**
 * Where this start found the model's files. The lab's lesson on model caching in one value: a download
 * costs the network, a cached copy only the disk, a model baked into the image neither.
 */
public enum ModelOrigin {
    DOWNLOADED("downloaded from the repository"),
    CACHED("found in the cache"),
    CACHED_REPOSITORY_UNREACHABLE("a cached copy: the repository could not be reached"),
    UNPACKED("unpacked from the service's own jar into the cache"),
    BUNDLED("read in place beside the service's jar, where its build unpacked them"),
    LOCAL_DIRECTORY("read from a local directory");

    private final String description;

    ModelOrigin(String description) {
        this.description = description;
    }

    /** Whether the files were already on disk in the cache (nothing fetched, nothing unpacked). */
    public boolean fromCache() {
        return this == CACHED || this == CACHED_REPOSITORY_UNREACHABLE;
    }

    /** The lower-case name /info and the logs use: {@code downloaded}, {@code cached_repository_unreachable}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
