package lab.bench;

import java.util.Locale;
import java.util.Set;

/**
 * The baseline the original Flask lab used: count words from a short positive list and a short
 * negative list; more positives is POSITIVE, more negatives NEGATIVE, a tie NEUTRAL. Kept only to
 * show, in the benchmark, what the lexicon-and-rules analyser gains over it.
 */
final class KeywordCount {
    private static final Set<String> POSITIVE = Set.of("good", "great", "excellent", "amazing", "wonderful",
            "fantastic", "love", "best", "happy", "awesome", "perfect", "nice", "like", "brilliant", "enjoy");
    private static final Set<String> NEGATIVE = Set.of("bad", "terrible", "awful", "horrible", "hate", "worst",
            "poor", "disappointing", "sad", "boring", "ugly", "annoying", "waste", "dislike", "broken");

    private KeywordCount() {
    }

    static String label(String text) {
        int score = 0;
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            if (POSITIVE.contains(w)) score++;
            if (NEGATIVE.contains(w)) score--;
        }
        return score > 0 ? "POSITIVE" : score < 0 ? "NEGATIVE" : "NEUTRAL";
    }
}
