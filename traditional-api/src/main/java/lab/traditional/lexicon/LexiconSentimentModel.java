package lab.traditional.lexicon;

import lab.service.sentiment.Prediction;
import lab.service.sentiment.Sentiment;
import lab.service.sentiment.SentimentModel;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rule-based analyser: word valences from the lexicon, adjusted by the {@link ValenceRule}s,
 * summed and normalised into a compound score in (-1, 1) as VADER does: {@code x / sqrt(x² + 15)}.
 * At |compound| >= 0.05 the text is POSITIVE or NEGATIVE, else NEUTRAL.
 */
public final class LexiconSentimentModel implements SentimentModel {
    public static final String NAME = "afinn165-vader-rules 1.0";
    static final double ALPHA = 15;
    static final double THRESHOLD = 0.05;

    private final Lexicon lexicon;
    private final Set<ValenceRule> rules;

    public LexiconSentimentModel(Lexicon lexicon) {
        this(lexicon, EnumSet.allOf(ValenceRule.class));
    }

    LexiconSentimentModel(Lexicon lexicon, Set<ValenceRule> rules) {
        this.lexicon = lexicon;
        this.rules = EnumSet.copyOf(rules);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String method() {
        return "rule-based";
    }

    @Override
    public Prediction predict(String text) {
        double compound = compound(text);
        Sentiment label = compound >= THRESHOLD ? Sentiment.POSITIVE
                : compound <= -THRESHOLD ? Sentiment.NEGATIVE : Sentiment.NEUTRAL;
        return new Prediction(label, confidence(label, compound), compound, false);
    }

    double compound(String text) {
        Sentence s = Sentence.of(text, lexicon);
        for (ValenceRule rule : ValenceRule.values()) {
            if (rules.contains(rule)) {
                rule.apply(s, lexicon);
            }
        }
        double sum = s.sum();
        double c = sum / Math.sqrt(sum * sum + ALPHA);
        return Math.max(-1, Math.min(1, c));
    }

    /**
     * A heuristic, not a probability: how far the score sits from the decision boundary. Polar labels
     * go from 0.5 at the threshold to 1 at |score| = 1; NEUTRAL from 1 at 0 to 0.5 at the threshold.
     */
    static double confidence(Sentiment label, double compound) {
        double a = Math.abs(compound);
        return label == Sentiment.NEUTRAL ? 1 - 0.5 * a / THRESHOLD : 0.5 + 0.5 * (a - THRESHOLD) / (1 - THRESHOLD);
    }
}
