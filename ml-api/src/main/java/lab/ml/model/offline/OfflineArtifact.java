package lab.ml.model.offline;

import com.eclipsesource.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The offline model as files a model repository can serve and a replica can download, cache or find
 * baked into its image, as it would DistilBERT-SST-2: the encoder ({@code model.onnx}), its tokenizer
 * ({@code tokenizer.json}) and the trained head ({@code head.json}) in one directory. Where DJL's zoo
 * cannot be reached, Experiment 6 teaches the three ways a replica gets its model with this artifact.
 */
public final class OfflineArtifact {
    /** The artifact's name: an archive {@code feedback-minilm-l6.zip} holds its files. */
    public static final String NAME = "feedback-minilm-l6";
    static final String ONNX = "model.onnx";
    static final String TOKENIZER = "tokenizer.json";
    static final String HEAD = "head.json";

    private OfflineArtifact() {
    }

    /** Whether {@code dir} holds the offline model's files. */
    public static boolean in(Path dir) {
        return Files.isRegularFile(dir.resolve(ONNX)) && Files.isRegularFile(dir.resolve(TOKENIZER)) && Files.isRegularFile(dir.resolve(HEAD));
    }

    /** Whether a model URL names this artifact (its archive). */
    public static boolean named(String uri) {
        String path = uri.replaceFirst("[?#].*$", "");
        return path.endsWith("/" + NAME + ".zip");
    }

    /** Writes the artifact's files into {@code dir} from this service's own files (its jars, or what the build unpacked beside them). */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        copy(EncoderFiles.ONNX_RESOURCE, dir.resolve(ONNX));
        copy(EncoderFiles.TOKENIZER_RESOURCE, dir.resolve(TOKENIZER));
        try (InputStream head = OfflineArtifact.class.getResourceAsStream(SentimentHead.RESOURCE)) {
            if (head == null) throw new IOException("the offline model's head (" + SentimentHead.RESOURCE + ") is not in the jar");
            Files.copy(head, dir.resolve(HEAD), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The offline model from the artifact's files in {@code dir}. */
    public static OfflineModel load(Path dir, int threads) throws Exception {
        MiniLmEncoder encoder = new MiniLmEncoder(dir.resolve(ONNX), dir.resolve(TOKENIZER), threads);
        try (InputStreamReader head = new InputStreamReader(Files.newInputStream(dir.resolve(HEAD)), StandardCharsets.UTF_8)) {
            return new OfflineModel(encoder, SentimentHead.fromJson(Json.parse(head).asObject()));
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = EncoderFiles.open(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
