package lab.ml.model.offline;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encoder as DJL runs it must embed like the model's reference implementation: LangChain4j's own
 * in-process all-MiniLM-L6-v2 (ONNX Runtime directly, its own tokenizer and pooling).
 */
class MiniLmEncoderTest {
    static MiniLmEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = EncoderFixture.encoder();
    }

    @Test
    void matchesTheReferenceEmbeddings() {
        var reference = new AllMiniLmL6V2EmbeddingModel();
        List<String> sentences = List.of("The parcel arrived two days late.",
                "Support fixed my billing problem in five minutes, thank you!",
                "I can't log in since the last update 😡",
                "a");
        float[][] ours = encoder.embed(sentences).vectors();
        for (int i = 0; i < sentences.size(); i++) {
            float[] ref = reference.embed(sentences.get(i)).content().vector();
            assertEquals(MiniLmEncoder.DIMENSIONS, ours[i].length);
            double cos = cosine(ours[i], ref);
            assertTrue(cos >= 0.999, "cosine " + cos + " for '" + sentences.get(i) + "'");
        }
    }

    @Test
    void paddingInABatchDoesNotChangeAnEmbedding() {
        var alone = encoder.embed(List.of("short"));
        var padded = encoder.embed(List.of("short", "a much longer sentence that forces padding of the short one"));
        assertTrue(cosine(alone.vectors()[0], padded.vectors()[0]) > 0.9999);
        assertTrue(cosine(alone.maxima()[0], padded.maxima()[0]) > 0.9999, "the padding's positions are no token's maximum");
        assertTrue(cosine(padded.maxima()[0], padded.maxima()[1]) < 0.99, "two texts, two maxima");
    }

    @Test
    void longInputIsTruncatedAndSaysSo() {
        var e = encoder.embed(List.of("word ".repeat(400), "short"));
        assertTrue(e.truncated()[0]);
        assertTrue(!e.truncated()[1]);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
