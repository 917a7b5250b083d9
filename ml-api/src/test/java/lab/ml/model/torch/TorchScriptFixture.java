package lab.ml.model.torch;

import lab.ml.model.offline.OfflineModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small model with DistilBERT's architecture, traced to TorchScript by Debian's python3-torch
 * (ml-api/model/fixture/make_distilbert.py): the real loading code runs on a real traced model.
 * Its weights are random, so tests check mechanics, never sentiment.
 */
public final class TorchScriptFixture {
    private static Path tiny;

    private TorchScriptFixture() {
    }

    public static synchronized Path tiny() throws IOException, InterruptedException {
        if (tiny == null) {
            Path dir = Files.createTempDirectory("distilbert-tiny");
            Path tokenizer = lab.ml.model.offline.EncoderFiles.materialise(OfflineModel.defaultCache()).tokenizer();
            Path script = Path.of(System.getProperty("lab.repo", "..")).resolve("ml-api/model/fixture/make_distilbert.py");
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString(), tokenizer.toString(), "--size", "tiny")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("could not build the TorchScript fixture (needs Debian's python3-torch: "
                        + "apt-get install python3-torch): " + out);
            }
            tiny = dir;
        }
        return tiny;
    }
}
