package lab.ml.model.offline;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.WriterConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training command for the offline model's head, reproducible from the repository alone:
 * <pre>java -cp ml-api/target/ml-api.jar lab.ml.model.offline.TrainHead [dataDir] [outputJson] [sst2.tsv]</pre>
 * Embeds the train and validation splits with MiniLM, fits {@link HeadTrainer}, writes the head and
 * prints accuracy on all three splits (and on SST-2 dev when given: evaluation only, never training).
 * Deterministic: the same data gives the same weights.
 */
public final class TrainHead {
    public static final Path DEFAULT_DATA = Path.of("ml-api/model/offline/data");
    public static final Path DEFAULT_OUTPUT = Path.of("ml-api/src/main/resources/lab/ml/offline/head.json");

    private TrainHead() {
    }

    public static void main(String[] args) throws Exception {
        Path data = args.length > 0 ? Path.of(args[0]) : DEFAULT_DATA;
        Path output = args.length > 1 ? Path.of(args[1]) : DEFAULT_OUTPUT;
        long start = System.nanoTime();
        SentimentHead head;
        try (MiniLmEncoder encoder = OfflineModel.encoder(OfflineModel.defaultCache(), 1)) {
            head = train(encoder, data);
            FeedbackData test = FeedbackData.read(data.resolve("test.tsv"));
            head.provenance().add("test_accuracy", accuracy(head, encoder, test));
            if (args.length > 2) {
                head.provenance().add("sst2_dev_accuracy", accuracy(head, encoder, FeedbackData.read(Path.of(args[2]))));
            }
            System.out.println("accuracy: " + head.provenance().toString().replaceAll(".*?\\b(train_accuracy)", "$1"));
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, head.toJson().toString(WriterConfig.PRETTY_PRINT) + "\n", StandardCharsets.UTF_8);
        System.out.printf("wrote %s in %.1f s%n", output, (System.nanoTime() - start) / 1e9);
    }

    /** Trains a head from {@code train.tsv} and {@code validation.tsv} in {@code dataDir}. */
    public static SentimentHead train(MiniLmEncoder encoder, Path dataDir) throws java.io.IOException {
        FeedbackData train = FeedbackData.read(dataDir.resolve("train.tsv"));
        FeedbackData validation = FeedbackData.read(dataDir.resolve("validation.tsv"));
        float[][] trainX = embedAll(encoder, train.texts());
        float[][] valX = embedAll(encoder, validation.texts());
        JsonObject provenance = new JsonObject()
                .add("encoder", "sentence-transformers/all-MiniLM-L6-v2 (ONNX, mean pooling, L2-normalised)")
                .add("features", "embedding of the text and of its clause after the last but/however/yet (768)")
                .add("method", "logistic regression, Newton's method, L2 strength chosen on validation; Platt scaling on validation")
                .add("train_sha256", train.sha256()).add("validation_sha256", validation.sha256())
                .add("train_size", train.texts().size()).add("validation_size", validation.texts().size());
        SentimentHead head = HeadTrainer.train(trainX, train.labels(), valX, validation.labels(), provenance);
        provenance.add("train_accuracy", accuracy(head, trainX, train.labels()))
                .add("validation_accuracy", accuracy(head, valX, validation.labels()));
        return head;
    }

    public static float[][] embedAll(MiniLmEncoder encoder, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += 32) {
            float[][] batch = ClauseFeatures.of(encoder, texts.subList(i, Math.min(texts.size(), i + 32))).vectors();
            out.addAll(List.of(batch));
        }
        return out.toArray(new float[0][]);
    }

    public static double accuracy(SentimentHead head, MiniLmEncoder encoder, FeedbackData data) {
        return accuracy(head, embedAll(encoder, data.texts()), data.labels());
    }

    static double accuracy(SentimentHead head, float[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            if ((head.positiveProbability(x[i]) >= 0.5 ? 1 : 0) == y[i]) right++;
        }
        return Math.round(10000.0 * right / x.length) / 10000.0;
    }
}
