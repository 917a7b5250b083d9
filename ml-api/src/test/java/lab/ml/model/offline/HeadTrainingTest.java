package lab.ml.model.offline;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Training is deterministic and reproducible: re-running the training command's code on the committed
 * data and SST-2's training split gives back the committed head, and the accuracies the head records
 * (which the portal shows) are what the committed head measures today.
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
        SentimentHead b = HeadTrainer.train(TrainHead.embedAll(EncoderFixture.encoders(), data.texts().subList(0, 200), n -> { }),
                y, vx, vy, new JsonObject());
        assertArrayEquals(a.weights(), b.weights(), "one encoder or two, the same features and the same weights");
        assertEquals(a.bias(), b.bias());
        assertEquals(a.plattA(), b.plattA());
    }

    @Test
    void retrainingReproducesTheCommittedHead() throws Exception {
        Path sst2Train = EncoderFixture.sst2Dir().resolve("train.tsv");
        assumeTrue(Files.isReadable(sst2Train), "the head trains on SST-2's training split, which is not at " + sst2Train);
        SentimentHead committed = SentimentHead.load();
        long start = System.nanoTime();
        SentimentHead retrained = TrainHead.train(EncoderFixture.encoders(), EncoderFixture.dataDir(), sst2Train, n -> { });
        System.out.printf("retrained the head in %.0f s%n", (System.nanoTime() - start) / 1e9);
        for (String hash : new String[]{"train_sha256", "validation_sha256", "sst2_train_sha256"}) {
            assertEquals(committed.provenance().getString(hash, ""), retrained.provenance().getString(hash, "?"),
                    "the committed head was trained on the data here (" + hash + ")");
        }
        assertEquals(committed.weights().length, retrained.weights().length);
        double maxDiff = 0;
        for (int i = 0; i < committed.weights().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(committed.weights()[i] - retrained.weights()[i]));
        }
        // Bit-identical on the machine that trained it. ONNX Runtime may pick other SIMD kernels on another
        // CPU, which moves embeddings by ~1e-7; moving every feature of every row by up to 2e-7 moved the
        // optimum's weights (the largest about 4.4) by 3.4e-5, hence the margin.
        assertTrue(maxDiff < 2e-4, "largest weight difference " + maxDiff);
        assertEquals(committed.bias(), retrained.bias(), 2e-4);
        assertEquals(committed.plattA(), retrained.plattA(), 2e-4);
        assertEquals(committed.plattC(), retrained.plattC(), 2e-4);
    }

    @Test
    void theRecordedAccuracyOnTheLabsTestSplitIsMeasuredAgainAndStaysAboveItsFloor() throws Exception {
        SentimentHead committed = SentimentHead.load();
        double measured = TrainHead.accuracy(committed, EncoderFixture.encoders(),
                FeedbackData.read(EncoderFixture.dataDir().resolve("test.tsv")));
        assertEquals(committed.provenance().getDouble("test_accuracy", -1), measured, 0.005,
                "the portal shows the recorded figure");
        assertTrue(measured >= 0.88, "the lab's own test split: " + measured);
    }

    @Test
    void theRecordedSst2ValidationAccuracyIsMeasuredAgainAndStaysAboveItsFloor() throws Exception {
        Path dev = EncoderFixture.sst2Dir().resolve("dev.tsv");
        assumeTrue(Files.isReadable(dev), "SST-2's validation split is not at " + dev);
        SentimentHead committed = SentimentHead.load();
        double measured = TrainHead.accuracy(committed, EncoderFixture.encoders(), FeedbackData.read(dev));
        assertEquals(committed.provenance().getDouble("sst2_dev_accuracy", -1), measured, 0.005,
                "the portal names the model with this figure");
        assertTrue(measured >= 0.80, "SST-2 validation: " + measured);
    }
}
