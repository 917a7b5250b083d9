package lab.service.sentiment;

/**
 * One model answer. {@code score} is the signed polarity in [-1, 1]; {@code confidence} in [0, 1];
 * {@code truncated} says the input was cut to the model's maximum length.
 */
public record Prediction(Sentiment sentiment, double confidence, double score, boolean truncated) {
    public Prediction {
        if (!(confidence >= 0 && confidence <= 1) || !(score >= -1 && score <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0,1] and score in [-1,1]: " + confidence + ", " + score);
        }
    }
}
