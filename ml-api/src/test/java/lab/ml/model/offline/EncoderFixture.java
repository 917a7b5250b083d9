package lab.ml.model.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One MiniLM encoder for all tests in this JVM (loading it takes a second), and the data's folder. */
final class EncoderFixture {
    private static MiniLmEncoder encoder;

    private EncoderFixture() {
    }

    static synchronized MiniLmEncoder encoder() throws Exception {
        if (encoder == null) {
            encoder = OfflineModel.encoder(Files.createTempDirectory("minilm-cache"), 1);
            Runtime.getRuntime().addShutdownHook(new Thread(encoder::close));
        }
        return encoder;
    }

    static Path dataDir() throws IOException {
        return Path.of(System.getProperty("lab.repo", "..")).resolve("ml-api/model/offline/data");
    }
}
