package lab.ml;

import lab.ml.batching.DynamicBatcher;
import lab.ml.batching.InferenceRefused;
import lab.ml.model.Classification;
import lab.service.http.ApiError;
import lab.service.sentiment.Prediction;
import lab.service.sentiment.Sentiment;
import lab.service.sentiment.SentimentModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The transformer behind the shared /analyze contract: POSITIVE or NEGATIVE (a binary model never
 * says NEUTRAL), confidence = the winning probability, score = P(positive) - P(negative).
 */
final class TransformerSentimentModel implements SentimentModel {
    private final String name;
    private final DynamicBatcher batcher;

    TransformerSentimentModel(String name, DynamicBatcher batcher) {
        this.name = name;
        this.batcher = batcher;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String method() {
        return "transformer";
    }

    @Override
    public Prediction predict(String text) {
        return toPrediction(classify(List.of(text)).get(0));
    }

    @Override
    public List<Prediction> predictAll(List<String> texts) {
        List<Prediction> out = new ArrayList<>(texts.size());
        for (Classification c : classify(texts)) out.add(toPrediction(c));
        return out;
    }

    /** The batcher's refusals in HTTP terms: a full queue is 429 (back off), the others 503 (try again, or elsewhere). */
    private List<Classification> classify(List<String> texts) {
        try {
            return batcher.classify(texts);
        } catch (InferenceRefused.QueueFull e) {
            throw new ApiError(429, "queue_full", e.getMessage(), e.retryAfterSeconds());
        } catch (InferenceRefused.TimedOut e) {
            throw new ApiError(503, "inference_timeout", e.getMessage(), e.retryAfterSeconds());
        } catch (InferenceRefused.Failed e) {
            throw new ApiError(503, "inference_failed", e.getMessage(), e.retryAfterSeconds());
        } catch (InferenceRefused.Unavailable e) {
            throw new ApiError(503, "model_unavailable", e.getMessage(), e.retryAfterSeconds());
        }
    }

    static Prediction toPrediction(Classification c) {
        boolean positive = c.positive() >= c.negative();
        double score = Math.max(-1, Math.min(1, c.positive() - c.negative()));
        double confidence = Math.max(0, Math.min(1, Math.max(c.positive(), c.negative())));
        return new Prediction(positive ? Sentiment.POSITIVE : Sentiment.NEGATIVE, confidence, score, c.truncated());
    }
}
