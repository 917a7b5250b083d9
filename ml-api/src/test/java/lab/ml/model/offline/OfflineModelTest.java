package lab.ml.model.offline;

import lab.ml.model.Classification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed head on top of the encoder: clear sentences come out right, probabilities calibrated. */
class OfflineModelTest {
    @Test
    void clearSentencesAreClassifiedRight() throws Exception {
        OfflineModel model = new OfflineModel(EncoderFixture.encoder(), SentimentHead.load());
        List<String> positive = List.of("Absolutely love this product, it works perfectly!",
                "The courier was friendly and the parcel arrived early.",
                "Refund processed within a day, great service.",
                "The package was late, but the support team was wonderful.");
        List<String> negative = List.of("Terrible app, it crashes every time I open it.",
                "The delivery was late and the box arrived damaged.",
                "They charged me twice and nobody answers my emails.",
                "The product looks nice, but it broke after one day.");
        List<Classification> pos = model.classify(positive);
        List<Classification> neg = model.classify(negative);
        for (int i = 0; i < positive.size(); i++) {
            assertTrue(pos.get(i).positive() > 0.5, positive.get(i) + " -> " + pos.get(i));
            assertTrue(neg.get(i).negative() > 0.5, negative.get(i) + " -> " + neg.get(i));
            assertEquals(1.0, pos.get(i).positive() + pos.get(i).negative(), 1e-9);
        }
    }

    @Test
    void aHeadTrainedOnOtherFeaturesIsRefusedNotMisread() throws Exception {
        SentimentHead committed = SentimentHead.load();
        assertEquals(ClauseFeatures.DIMENSIONS, committed.weights().length, "the committed head reads the features the encoder gives");
        // 1.1's head read 768 features; with 1,152 it would silently weigh only the first 768.
        SentimentHead older = new SentimentHead(java.util.Arrays.copyOf(committed.weights(), 2 * MiniLmEncoder.DIMENSIONS), 0, 1, 0,
                new com.eclipsesource.json.JsonObject());
        var refused = assertThrows(IllegalArgumentException.class, () -> new OfflineModel(EncoderFixture.encoder(), older));
        assertTrue(refused.getMessage().contains("retrain"), refused.getMessage());
    }
}
