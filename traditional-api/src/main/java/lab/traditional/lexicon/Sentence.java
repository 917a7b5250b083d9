package lab.traditional.lexicon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A text split into tokens (words and emoji, in order), each with the valence the rules work on,
 * plus what the sentence-level rules need: "!" count and whether the writer used ALL CAPS selectively.
 */
final class Sentence {
    final List<String> tokens = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    /** Which clause each token is in: negations and boosters do not reach across ". ! ? ;". */
    final List<Integer> clauses = new ArrayList<>();
    private int clause;
    double[] valence;
    int exclamations;
    boolean capsDifferential;
    /** Added to the sum of valences by sentence-level emphasis rules. */
    double emphasis;

    /** AFINN's -5..+5 scale is mapped onto VADER's -4..+4, which its rule constants are sized for. */
    static final double SCALE = 0.8;

    static Sentence of(String text, Lexicon lexicon) {
        Sentence s = new Sentence();
        s.tokenize(text, lexicon.emoji());
        s.valence = new double[s.tokens.size()];
        s.scoreTokens(lexicon);
        s.capsDifferential = s.hasCapsDifferential();
        return s;
    }

    private void tokenize(String text, Map<String, Double> emoji) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            String symbol = emojiAt(text, i, emoji);
            if (symbol != null) {
                add(symbol, symbol);
                i += symbol.length();
                continue;
            }
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                int end = wordEnd(text, i);
                String word = text.substring(i, end).replace('\u2019', '\'');
                add(word, word.toLowerCase(Locale.ROOT));
                i = end;
                continue;
            }
            if (cp == '!') {
                exclamations++;
            }
            if (cp == '.' || cp == '!' || cp == '?' || cp == ';') {
                clause++;
            }
            i += Character.charCount(cp);
        }
    }

    private static int wordEnd(String text, int start) {
        int i = start;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            boolean inner = (cp == '\'' || cp == '\u2019' || cp == '-') && i + 1 < text.length()
                    && Character.isLetter(text.codePointAt(i + 1));
            if (!Character.isLetterOrDigit(cp) && !inner) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static String emojiAt(String text, int i, Map<String, Double> emoji) {
        char c = text.charAt(i);
        if (Character.isLetterOrDigit(c) || c == ' ') {
            return null;
        }
        String best = null;
        for (String key : emoji.keySet()) {
            if (text.startsWith(key, i) && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return best;
    }

    private void add(String token, String key) {
        tokens.add(token);
        keys.add(key);
        clauses.add(clause);
    }

    private void scoreTokens(Lexicon lexicon) {
        for (int i = 0; i < keys.size(); i++) {
            int phraseLength = phraseAt(i, lexicon);
            if (phraseLength > 0) {
                i += phraseLength - 1; // the phrase's valence sits on its first word
                continue;
            }
            String key = keys.get(i);
            Double e = lexicon.emoji().get(key);
            if (e != null) {
                valence[i] = e * SCALE;
            } else if (lexicon.booster(key) == 0) { // a booster modifies the next word; it carries no valence itself
                valence[i] = lexicon.valence(key) * SCALE;
            }
        }
    }

    private int phraseAt(int i, Lexicon lexicon) {
        for (int len = 3; len >= 2; len--) {
            if (i + len > keys.size()) {
                continue;
            }
            Double v = lexicon.phrase(String.join(" ", keys.subList(i, i + len)));
            if (v != null) {
                valence[i] = v * SCALE;
                return len;
            }
        }
        return 0;
    }

    private boolean hasCapsDifferential() {
        int caps = 0;
        int words = 0;
        for (String t : tokens) {
            if (!Character.isLetter(t.codePointAt(0))) {
                continue;
            }
            words++;
            if (isAllCaps(t)) {
                caps++;
            }
        }
        return caps > 0 && caps < words;
    }

    static boolean isAllCaps(String token) {
        return token.length() > 1 && token.chars().anyMatch(Character::isLetter)
                && token.equals(token.toUpperCase(Locale.ROOT));
    }

    /** True if the word {@code back} tokens before {@code i} exists and is in the same clause. */
    boolean inReach(int i, int back) {
        return i - back >= 0 && clauses.get(i - back).equals(clauses.get(i));
    }

    double sum() {
        double s = emphasis;
        for (double v : valence) {
            s += v;
        }
        return s;
    }
}
