package lab.ml.model.torch;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.Progress;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import lab.ml.model.Classification;
import lab.ml.model.ModelSource;
import lab.ml.model.SideTask;
import lab.ml.model.TextClassifier;
import lab.ml.model.TokenBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Hugging Face sequence classifier traced to TorchScript (DistilBERT-SST-2 from the DJL zoo, or a
 * local directory with the .pt, tokenizer.json and config.json), run by DJL's PyTorch engine on a whole
 * batch at once. Which logit is POSITIVE comes from config.json's id2label.
 */
public final class TorchClassifier implements TextClassifier {
    private final ZooModel<List<String>, List<Classification>> model;
    private final LogitsTranslator translator;
    private final Predictor<List<String>, List<Classification>> predictor;

    private TorchClassifier(ZooModel<List<String>, List<Classification>> model, LogitsTranslator translator) {
        this.model = model;
        this.translator = translator;
        this.predictor = model.newPredictor();
    }

    /** A local directory with the .pt, tokenizer.json and config.json. */
    public static TorchClassifier fromDirectory(Path dir) throws Exception {
        positiveIndex(readConfig(dir)); // fail with a clear message before the engine gets involved
        String name = torchScriptName(dir);
        LogitsTranslator translator = new LogitsTranslator();
        // The directory is known before the model loads, so the tokenizer loads beside the weights.
        SideTask<Void> tokenizer = SideTask.start("tokenizer-load", () -> {
            translator.init(dir, name);
            return null;
        });
        ZooModel<List<String>, List<Classification>> model = null;
        try {
            model = base().optModelPath(dir).optModelName(name).optTranslator(translator).build().loadModel();
            tokenizer.await();
            return new TorchClassifier(model, translator);
        } catch (Exception | Error e) { // the first failure is the one to tell; nothing loaded stays open
            if (model != null) model.close();
            else tokenizer.awaitOrNull(); // the tokenizer, if it loaded, is closed with the translator
            translator.close();
            throw e;
        }
    }

    /**
     * A remote model, resolved and downloaded into DJL's cache on first use. A zoo model is named by
     * group and artifact rather than by its djl:// URL: DJL resolves djl:// URLs against its own host,
     * while the zoo itself honours DJL_REPO_URL.
     */
    public static Criteria<List<String>, List<Classification>> remote(ModelSource.Remote source, Progress progress) {
        Criteria.Builder<List<String>, List<Classification>> b = base().optProgress(progress);
        if (source instanceof ModelSource.Zoo zoo) {
            return b.optGroupId(zoo.groupId()).optArtifactId(zoo.artifactId()).build();
        }
        return b.optModelUrls(source.uri()).build();
    }

    public static TorchClassifier load(Criteria<List<String>, List<Classification>> criteria)
            throws IOException, ModelNotFoundException, MalformedModelException {
        return load(criteria.toBuilder());
    }

    private static TorchClassifier load(Criteria.Builder<List<String>, List<Classification>> builder)
            throws IOException, ModelNotFoundException, MalformedModelException {
        LogitsTranslator translator = new LogitsTranslator();
        ZooModel<List<String>, List<Classification>> model = builder.optTranslator(translator).build().loadModel();
        translator.init(model.getModelPath(), model.getName()); // a remote model's directory is known only now
        return new TorchClassifier(model, translator);
    }

    private static Criteria.Builder<List<String>, List<Classification>> base() {
        return Criteria.builder().setTypes(listOf(String.class), listOf(Classification.class)).optEngine("PyTorch");
    }

    /** The one TorchScript file's name without ".pt" (DJL looks for {@code <name>.pt}). */
    static String torchScriptName(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<String> pts = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pt")).sorted().toList();
            if (pts.size() != 1) {
                throw new IOException("expected exactly one TorchScript .pt file in " + dir + ", found " + pts);
            }
            return pts.get(0).substring(0, pts.get(0).length() - 3);
        }
    }

    static JsonObject readConfig(Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        if (!Files.exists(config)) {
            throw new IOException("no config.json in " + dir + " (a local model needs the .pt, tokenizer.json and config.json with id2label)");
        }
        return Json.parse(Files.readString(config)).asObject();
    }

    static int positiveIndex(JsonObject config) throws IOException {
        if (config.get("id2label") == null) {
            throw new IOException("config.json has no id2label: cannot tell which output is POSITIVE");
        }
        JsonObject labels = config.get("id2label").asObject();
        for (var member : labels) {
            if (member.getValue().asString().toUpperCase(Locale.ROOT).startsWith("POS")) {
                return Integer.parseInt(member.getName());
            }
        }
        throw new IOException("config.json's id2label has no POSITIVE label: " + labels);
    }

    @Override
    public String name() {
        return translator.name;
    }

    @Override
    public int maxTokens() {
        return translator.maxTokens;
    }

    /** Where the model's files are (in the cache, for a remote model). */
    public Path modelDir() {
        return model.getModelPath();
    }

    @Override
    public synchronized List<Classification> classify(List<String> texts) {
        try {
            return predictor.predict(texts);
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        translator.close();
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<List<T>> listOf(Class<T> type) {
        return (Class<List<T>>) (Class<?>) List.class;
    }

    /**
     * Tokenise and pad the batch, one forward pass, softmax over the two logits of each row. Reads the
     * tokenizer and config from the model's directory once it is known (after a zoo download too).
     */
    private static final class LogitsTranslator implements Translator<List<String>, List<Classification>> {
        private HuggingFaceTokenizer tokenizer;
        private int positive;
        private String name;
        private int maxTokens;

        @Override
        public void prepare(TranslatorContext ctx) throws IOException {
            init(ctx.getModel().getModelPath(), ctx.getModel().getName());
        }

        /** Reads the tokenizer and labels from the model's directory, once. */
        synchronized void init(Path dir, String modelName) throws IOException {
            if (tokenizer != null) {
                return;
            }
            JsonObject config = readConfig(dir);
            maxTokens = Math.min(512, config.getInt("max_position_embeddings", 512));
            positive = positiveIndex(config);
            name = config.getString("_name_or_path", modelName);
            tokenizer = TokenBatch.tokenizer(dir.resolve("tokenizer.json"), maxTokens);
        }

        @Override
        public NDList processInput(TranslatorContext ctx, List<String> texts) {
            TokenBatch batch = TokenBatch.encode(tokenizer, texts);
            ctx.setAttachment("batch", batch);
            return batch.toNDList(ctx.getNDManager(), false);
        }

        @Override
        public List<Classification> processOutput(TranslatorContext ctx, NDList output) {
            TokenBatch batch = (TokenBatch) ctx.getAttachment("batch");
            // DJL's converter traces Hugging Face models with a dict output, {"logits": ...}
            NDArray logits = output.get("logits") != null ? output.get("logits") : output.get(0);
            float[] flat = logits.toFloatArray();
            int classes = (int) logits.getShape().get(1);
            List<Classification> out = new ArrayList<>();
            for (int r = 0; r < batch.ids().length; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) max = Math.max(max, flat[r * classes + c]);
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.exp(flat[r * classes + c] - max);
                double pos = Math.exp(flat[r * classes + positive] - max) / sum;
                out.add(new Classification(1 - pos, pos, batch.truncated()[r]));
            }
            return out;
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // processInput already pads the whole batch into one tensor
        }

        void close() {
            if (tokenizer != null) tokenizer.close();
        }
    }
}
