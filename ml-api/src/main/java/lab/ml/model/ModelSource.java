package lab.ml.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What MODEL_URI names: a model in DJL's model zoo ({@code djl://group/artifact}), a model at any other
 * URL DJL can fetch (an archive over http(s)), a local directory with the model's files, or the
 * offline model.
 */
public sealed interface ModelSource {

    /** A model fetched over the network into the cache: from the zoo, or from a plain URL. */
    sealed interface Remote extends ModelSource {
        /** How logs and /info name it. */
        String uri();
    }

    /**
     * {@code djl://<group>/<artifact>}: resolved through the zoo of that group, so that DJL_REPO_URL
     * (DJL's own setting: where its model repository is) decides which server it comes from.
     */
    record Zoo(String groupId, String artifactId) implements Remote {
        @Override
        public String uri() {
            return "djl://" + groupId + "/" + artifactId;
        }
    }

    record Url(String uri) implements Remote {
    }

    /** The model's files in a directory: DJL's artifact layout or a hand-made one (.pt, tokenizer.json, config.json). */
    record LocalDirectory(Path dir) implements ModelSource {
    }

    record Offline() implements ModelSource {
    }

    static ModelSource parse(String uri) {
        String u = uri.trim();
        if (u.equalsIgnoreCase("offline")) return new Offline();
        if (u.startsWith("djl://")) return zoo(uri, u.substring("djl://".length()));
        if (u.matches("^[a-z][a-z0-9+.-]*://.*") && !u.startsWith("file://")) return new Url(u);
        Path dir = Path.of(u.startsWith("file://") ? u.substring(7) : u);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("MODEL_URI '" + uri + "' is neither 'offline', a URL nor an existing directory");
        }
        return new LocalDirectory(dir);
    }

    private static Zoo zoo(String uri, String path) {
        String[] parts = path.split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("MODEL_URI '" + uri + "' should be djl://<group>/<artifact>, e.g. "
                    + "djl://ai.djl.huggingface.pytorch/distilbert-base-uncased-finetuned-sst-2-english");
        }
        return new Zoo(parts[0], parts[1]);
    }

    default String kind() {
        if (this instanceof Zoo) return "model zoo";
        if (this instanceof Url) return "model URL";
        if (this instanceof LocalDirectory) return "local directory";
        return "offline";
    }
}
