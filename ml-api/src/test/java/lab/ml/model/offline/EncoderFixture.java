package lab.ml.model.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The MiniLM encoders for all tests in this JVM (loading one takes a second), and the data's folders. */
final class EncoderFixture {
    private static MiniLmEncoder encoder;
    private static MiniLmEncoder second;

    private EncoderFixture() {
    }

    static synchronized MiniLmEncoder encoder() throws Exception {
        if (encoder == null) {
            encoder = OfflineModel.encoder(Files.createTempDirectory("minilm-cache"), 1);
            Runtime.getRuntime().addShutdownHook(new Thread(encoder::close));
        }
        return encoder;
    }

    /** A second encoder beside the shared one, so that embedding thousands of texts uses both cores. */
    static synchronized List<MiniLmEncoder> encoders() throws Exception {
        if (second == null) {
            second = OfflineModel.encoder(Files.createTempDirectory("minilm-cache"), 1);
            Runtime.getRuntime().addShutdownHook(new Thread(second::close));
        }
        return List.of(encoder(), second);
    }

    static Path dataDir() throws IOException {
        return repository().resolve("ml-api/model/offline/data");
    }

    /** SST-2 as the machine provides it, beside the repository (see ../shared/data/sst2/README.md). */
    static Path sst2Dir() {
        return repository().resolve("../shared/data/sst2").normalize();
    }

    private static Path repository() {
        return Path.of(System.getProperty("lab.repo", "..")).toAbsolutePath().normalize();
    }
}
