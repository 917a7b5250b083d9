package lab.ml.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** What MODEL_URI names: a model zoo URL, a local TorchScript directory, or the offline model. */
public sealed interface ModelSource {
    record Zoo(String url) implements ModelSource {
    }

    record LocalDirectory(Path dir) implements ModelSource {
    }

    record Offline() implements ModelSource {
    }

    static ModelSource parse(String uri) {
        String u = uri.trim();
        if (u.equalsIgnoreCase("offline")) return new Offline();
        if (u.matches("^[a-z][a-z0-9+.-]*://.*") && !u.startsWith("file://")) return new Zoo(u);
        Path dir = Path.of(u.startsWith("file://") ? u.substring(7) : u);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("MODEL_URI '" + uri + "' is neither 'offline', a URL nor an existing directory");
        }
        return new LocalDirectory(dir);
    }

    default String kind() {
        if (this instanceof Zoo) return "model zoo";
        if (this instanceof LocalDirectory) return "local directory";
        return "offline";
    }
}
