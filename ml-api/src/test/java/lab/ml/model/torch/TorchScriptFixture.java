package lab.ml.model.torch;

import lab.ml.model.offline.EncoderFiles;
import lab.ml.model.offline.OfflineModel;
import lab.process.MachineTool;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small model with DistilBERT's architecture, traced to TorchScript by Debian's python3-torch
 * (ml-api/model/fixture/make_distilbert.py) with the dict output DJL's converter produces: the real
 * loading code runs on a real traced model. Its weights are random, so tests check mechanics, never sentiment.
 */
public final class TorchScriptFixture {
    private static Path tiny;
    private static Path djlArtifact;

    private TorchScriptFixture() {
    }

    /** A local model directory: the .pt, tokenizer.json and config.json with id2label. */
    public static synchronized Path tiny() throws IOException, InterruptedException {
        if (tiny == null) tiny = build("distilbert-tiny");
        return tiny;
    }

    /**
     * The same model as DJL's converter packs a zoo artifact: {@code <artifact>.pt}, tokenizer.json,
     * config.json and serving.properties.
     */
    public static synchronized Path djlArtifact(String artifactId) throws IOException, InterruptedException {
        if (djlArtifact == null) djlArtifact = build("djl-artifact", "--djl-artifact", artifactId);
        return djlArtifact;
    }

    private static Path build(String prefix, String... extra) throws IOException, InterruptedException {
        Assumptions.assumeTrue(MachineTool.PYTORCH.availableForTests(), MachineTool.PYTORCH.missing());
        Path dir = Files.createTempDirectory(prefix);
        Path tokenizer = EncoderFiles.materialise(OfflineModel.defaultCache()).tokenizer();
        Path script = Path.of(System.getProperty("lab.repo", "..")).resolve("ml-api/model/fixture/make_distilbert.py");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), dir.toString(), tokenizer.toString(), "--size", "tiny"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("could not build the TorchScript fixture (needs Debian's python3-torch: "
                    + "apt-get install python3-torch): " + out);
        }
        return dir;
    }
}
