package lab.traditional.lexicon;

/**
 * One of the documented heuristics (VADER, Hutto and Gilbert 2014) that adjust word valences for
 * context. Rules run in the order of {@link #values()}, as VADER applies them.
 */
public enum ValenceRule {
    /** A sentiment word written in ALL CAPS, among words that are not, counts 0.733 more. */
    CAPS_EMPHASIS {
        @Override
        void apply(Sentence s, Lexicon lexicon) {
            if (!s.capsDifferential) return;
            for (int i = 0; i < s.valence.length; i++) {
                if (s.valence[i] != 0 && Sentence.isAllCaps(s.tokens.get(i))) {
                    s.valence[i] += Math.signum(s.valence[i]) * CAPS_INCREMENT;
                }
            }
        }
    },
    /** "very good" > "good" > "slightly good": boosters within three words before, weaker with distance. */
    BOOSTERS {
        @Override
        void apply(Sentence s, Lexicon lexicon) {
            for (int i = 0; i < s.valence.length; i++) {
                double v = s.valence[i];
                if (v == 0) continue;
                for (int back = 1; back <= WINDOW && s.inReach(i, back); back++) {
                    double b = lexicon.booster(s.keys.get(i - back));
                    if (b == 0) continue;
                    double scalar = b;
                    if (s.capsDifferential && Sentence.isAllCaps(s.tokens.get(i - back))) {
                        scalar += Math.signum(b) * CAPS_INCREMENT;
                    }
                    s.valence[i] += Math.signum(v) * scalar * DISTANCE_DAMPING[back - 1];
                }
            }
        }
    },
    /** "not good" is negative: a negation within three words before flips and damps the valence. */
    NEGATION {
        @Override
        void apply(Sentence s, Lexicon lexicon) {
            for (int i = 0; i < s.valence.length; i++) {
                if (s.valence[i] == 0) continue;
                for (int back = 1; back <= WINDOW && s.inReach(i, back); back++) {
                    if (lexicon.isNegation(s.keys.get(i - back))) {
                        s.valence[i] *= NEGATION_SCALAR;
                        break;
                    }
                }
            }
        }
    },
    /** "good, but slow": what follows "but" dominates (x1.5), what precedes it recedes (x0.5). */
    BUT_CLAUSE {
        @Override
        void apply(Sentence s, Lexicon lexicon) {
            int but = s.keys.indexOf("but");
            if (but < 0) return;
            for (int i = 0; i < s.valence.length; i++) {
                if (i < but) s.valence[i] *= 0.5;
                else if (i > but) s.valence[i] *= 1.5;
            }
        }
    },
    /** Each "!" (up to four) strengthens whatever the sentence already says by 0.292. */
    EXCLAMATION {
        @Override
        void apply(Sentence s, Lexicon lexicon) {
            double sum = s.sum();
            if (sum != 0) {
                s.emphasis += Math.signum(sum) * Math.min(s.exclamations, 4) * 0.292;
            }
        }
    };

    static final int WINDOW = 3;
    static final double CAPS_INCREMENT = 0.733;
    static final double NEGATION_SCALAR = -0.74;
    static final double[] DISTANCE_DAMPING = {1.0, 0.95, 0.9};

    abstract void apply(Sentence s, Lexicon lexicon);
}
