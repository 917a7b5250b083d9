package lab.ml.model.torch;

import lab.ml.model.Classification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real traced DistilBERT-architecture model through the production loading code (DJL PyTorch engine). */
class TorchClassifierTest {

    @Test
    void loadsALocalDirectoryAndClassifiesABatch() throws Exception {
        try (TorchClassifier c = TorchClassifier.fromDirectory(TorchScriptFixture.tiny())) {
            assertEquals("distilbert-architecture-tiny-random-weights", c.name());
            assertEquals(512, c.maxTokens());
            List<Classification> out = c.classify(List.of("fine", "a longer sentence about a late parcel", "word ".repeat(700)));
            assertEquals(3, out.size());
            for (Classification x : out) {
                assertEquals(1.0, x.positive() + x.negative(), 1e-6);
            }
            assertTrue(!out.get(0).truncated() && out.get(2).truncated(), "only the 700-word input is cut at 512 tokens");
            // The same text alone and inside a padded batch gets the same answer: the mask is honoured.
            double alone = c.classify(List.of("fine")).get(0).positive();
            assertEquals(alone, out.get(0).positive(), 1e-4);
        }
    }

    @Test
    void aDirectoryWithoutLabelsIsRefusedClearly() throws Exception {
        Path dir = Files.createTempDirectory("broken-model");
        Files.copy(TorchScriptFixture.tiny().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        IOException noConfig = assertThrows(IOException.class, () -> TorchClassifier.fromDirectory(dir));
        assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());
        Files.writeString(dir.resolve("config.json"), "{\"_name_or_path\":\"x\"}");
        Files.writeString(dir.resolve("x.pt"), "not a model");
        IOException noLabels = assertThrows(IOException.class, () -> TorchClassifier.fromDirectory(dir));
        assertTrue(noLabels.getMessage().contains("id2label"), noLabels.getMessage());
    }
}
