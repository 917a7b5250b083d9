package lab.ml.model.offline;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training is deterministic and reproducible from the repository: re-running the training command's
 * code on the committed data gives back the committed head.
 */
class HeadTrainingTest {
    static MiniLmEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = EncoderFixture.encoder();
    }

    @Test
    void trainingTwiceGivesIdenticalWeights() throws Exception {
        FeedbackData data = FeedbackData.read(EncoderFixture.dataDir().resolve("validation.tsv"));
        float[][] x = TrainHead.embedAll(encoder, data.texts().subList(0, 200));
        int[] y = Arrays.copyOf(data.labels(), 200);
        float[][] vx = TrainHead.embedAll(encoder, data.texts().subList(200, 300));
        int[] vy = Arrays.copyOfRange(data.labels(), 200, 300);
        SentimentHead a = HeadTrainer.train(x, y, vx, vy, new JsonObject());
        SentimentHead b = HeadTrainer.train(TrainHead.embedAll(encoder, data.texts().subList(0, 200)), y, vx, vy, new JsonObject());
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.bias(), b.bias());
        assertEquals(a.plattA(), b.plattA());
    }

    @Test
    void retrainingReproducesTheCommittedHead() throws Exception {
        SentimentHead committed = SentimentHead.load();
        SentimentHead retrained = TrainHead.train(encoder, EncoderFixture.dataDir());
        assertEquals(committed.provenance().getString("train_sha256", ""), retrained.provenance().getString("train_sha256", "?"),
                "the committed head was trained on the committed data");
        assertEquals(committed.weights().length, retrained.weights().length);
        double maxDiff = 0;
        for (int i = 0; i < committed.weights().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(committed.weights()[i] - retrained.weights()[i]));
        }
        // Bit-identical on the machine that trained it; the margin (weights are of order 1) allows for
        // ONNX Runtime picking other SIMD kernels on another CPU, which moves embeddings by ~1e-7.
        assertTrue(maxDiff < 1e-4, "largest weight difference " + maxDiff);
        assertEquals(committed.bias(), retrained.bias(), 1e-4);
        assertEquals(committed.plattA(), retrained.plattA(), 1e-4);
        assertEquals(committed.plattC(), retrained.plattC(), 1e-4);
    }
}
