package lab.ml.model.offline;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import lab.ml.model.Classification;
import lab.ml.model.TextClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model the ML service serves when DistilBERT-SST-2 cannot be downloaded: the real pretrained
 * all-MiniLM-L6-v2 encoder with a sentiment head trained on the project's own customer-feedback data
 * and SST-2's training split (see ml-api/model/offline/MODEL_CARD.md). Never random weights.
 */
public final class OfflineModel implements TextClassifier {
    public static final String NAME = "feedback-minilm-l6 (offline) 1.2";
    /** How responses name it when it stands in for a model that could not be loaded. */
    public static final String FALLBACK_NAME = NAME.replace("(offline)", "(offline fallback)");

    private final MiniLmEncoder encoder;
    private final SentimentHead head;

    public OfflineModel(MiniLmEncoder encoder, SentimentHead head) {
        if (head.weights().length != ClauseFeatures.DIMENSIONS) {
            throw new IllegalArgumentException("the head has " + head.weights().length + " weights, the features have "
                    + ClauseFeatures.DIMENSIONS + " values: retrain it (java -cp ml-api/target/ml-api.jar lab.ml.model.offline.TrainHead)");
        }
        this.encoder = encoder;
        this.head = head;
    }

    public static MiniLmEncoder encoder(Path cacheDir, int threads) throws Exception {
        EncoderFiles files = EncoderFiles.materialise(cacheDir);
        return new MiniLmEncoder(files.onnx(), files.tokenizer(), threads);
    }

    public static Path defaultCache() {
        String dir = System.getenv("MODEL_CACHE_DIR");
        return Path.of(dir == null || dir.isBlank() ? System.getProperty("user.home") + "/.cache/inference-lab" : dir);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxTokens() {
        return MiniLmEncoder.MAX_TOKENS;
    }

    @Override
    public List<Classification> classify(List<String> texts) {
        ClauseFeatures.Rows e = ClauseFeatures.of(encoder, texts);
        List<Classification> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            double p = head.positiveProbability(e.features()[i]);
            out.add(new Classification(1 - p, p, e.truncated()[i]));
        }
        return out;
    }

    public SentimentHead head() {
        return head;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
