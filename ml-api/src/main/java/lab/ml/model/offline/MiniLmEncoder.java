package lab.ml.model.offline;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import lab.ml.model.SideTask;
import lab.ml.model.TokenBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) run by DJL's OnnxRuntime engine: token
 * embeddings mean-pooled over the attention mask and L2-normalised, as the model was trained.
 */
public final class MiniLmEncoder implements AutoCloseable {
    public static final int DIMENSIONS = 384;
    public static final int MAX_TOKENS = 256;

    /**
     * Per input: the sentence embedding ({@code vectors}: token embeddings mean-pooled, as the model was
     * trained), the largest value of each dimension over its tokens ({@code maxima}: a strong word stands
     * out there even in a long sentence whose mean it barely moves), both L2-normalised, and whether the
     * input was cut at {@link #MAX_TOKENS}.
     */
    public record Embeddings(float[][] vectors, float[][] maxima, boolean[] truncated) {
    }

    private final ZooModel<NDList, NDList> model;
    private final HuggingFaceTokenizer tokenizer;
    private final Predictor<List<String>, Embeddings> predictor;

    public MiniLmEncoder(Path onnxFile, Path tokenizerJson, int threads) throws Exception {
        // The tokenizer (its native library and vocabulary) loads beside the ONNX session.
        SideTask<HuggingFaceTokenizer> tokenizerLoad = SideTask.start("tokenizer-load", () -> TokenBatch.tokenizer(tokenizerJson, MAX_TOKENS));
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("OnnxRuntime")
                .optModelPath(onnxFile.getParent())
                .optModelName(onnxFile.getFileName().toString().replaceFirst("\\.onnx$", ""))
                .optOption("intraOpNumThreads", Integer.toString(threads))
                .optOption("interOpNumThreads", "1")
                .build();
        try {
            this.model = criteria.loadModel();
        } catch (Exception e) { // the model's failure is the one to tell; the tokenizer, if it loaded, is closed
            HuggingFaceTokenizer loaded = tokenizerLoad.awaitOrNull();
            if (loaded != null) loaded.close();
            throw e;
        }
        try {
            this.tokenizer = tokenizerLoad.await();
        } catch (Exception e) {
            model.close();
            throw e;
        }
        this.predictor = model.newPredictor(new PoolingTranslator(tokenizer));
    }

    /** One forward pass for the whole list. Serialised: one predictor, and the engine's threads do the parallel work. */
    public synchronized Embeddings embed(List<String> texts) {
        try {
            return predictor.predict(texts);
        } catch (TranslateException e) {
            throw new IllegalStateException("encoder failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }


    /** Tokenise a batch, run the encoder once, mean- and max-pool and normalise each row. */
    private record PoolingTranslator(HuggingFaceTokenizer tokenizer) implements Translator<List<String>, Embeddings> {
        @Override
        public NDList processInput(TranslatorContext ctx, List<String> texts) {
            TokenBatch batch = TokenBatch.encode(tokenizer, texts);
            ctx.setAttachment("batch", batch);
            return batch.toNDList(ctx.getNDManager(), true);
        }

        @Override
        public Embeddings processOutput(TranslatorContext ctx, NDList output) {
            TokenBatch batch = (TokenBatch) ctx.getAttachment("batch");
            NDArray hidden = output.get(0); // (batch, tokens, 384)
            long[] shape = hidden.getShape().getShape();
            int rows = (int) shape[0];
            int tokens = (int) shape[1];
            int dims = (int) shape[2];
            float[] flat = hidden.toFloatArray();
            float[][] vectors = new float[rows][];
            float[][] maxima = new float[rows][];
            for (int r = 0; r < rows; r++) {
                vectors[r] = meanPool(flat, r, tokens, dims, batch.mask()[r]);
                maxima[r] = maxPool(flat, r, tokens, dims, batch.mask()[r]);
            }
            return new Embeddings(vectors, maxima, batch.truncated());
        }

        @Override
        public ai.djl.translate.Batchifier getBatchifier() {
            return null; // the batch is a list of texts padded together in processInput
        }
    }

    static float[] meanPool(float[] flat, int row, int tokens, int dims, long[] mask) {
        double[] sum = new double[dims];
        int counted = 0;
        for (int t = 0; t < tokens; t++) {
            if (mask[t] == 0) continue;
            counted++;
            int base = (row * tokens + t) * dims;
            for (int d = 0; d < dims; d++) sum[d] += flat[base + d];
        }
        for (int d = 0; d < dims; d++) sum[d] /= Math.max(counted, 1);
        return normalised(sum);
    }

    /** Each dimension's largest value over the row's tokens (padding excluded). */
    static float[] maxPool(float[] flat, int row, int tokens, int dims, long[] mask) {
        double[] max = new double[dims];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int t = 0; t < tokens; t++) {
            if (mask[t] == 0) continue;
            int base = (row * tokens + t) * dims;
            for (int d = 0; d < dims; d++) max[d] = Math.max(max[d], flat[base + d]);
        }
        for (int d = 0; d < dims; d++) if (max[d] == Double.NEGATIVE_INFINITY) max[d] = 0; // no token at all
        return normalised(max);
    }

    private static float[] normalised(double[] x) {
        double norm = 0;
        for (double v : x) norm += v * v;
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] v = new float[x.length];
        for (int d = 0; d < x.length; d++) v[d] = (float) (x[d] / norm);
        return v;
    }

    static String describe(float[] v) {
        return Arrays.toString(Arrays.copyOf(v, 4)) + "...";
    }
}
