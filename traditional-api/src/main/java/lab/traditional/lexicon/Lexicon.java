package lab.traditional.lexicon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The word lists the analyser reads: valences (AFINN-165, -5..+5, including a few phrases), booster
 * and dampener words, negations, and emoji. Loaded once from the jar's resources.
 */
public final class Lexicon {
    private final Map<String, Double> valences;
    private final Map<String, Double> phrases;
    private final Map<String, Double> boosters;
    private final Set<String> negations;
    private final Map<String, Double> emoji;

    Lexicon(Map<String, Double> valences, Map<String, Double> phrases, Map<String, Double> boosters,
            Set<String> negations, Map<String, Double> emoji) {
        this.valences = valences;
        this.phrases = phrases;
        this.boosters = boosters;
        this.negations = negations;
        this.emoji = emoji;
    }

    public static Lexicon load() {
        Map<String, Double> words = new HashMap<>(4096);
        Map<String, Double> phrases = new HashMap<>();
        read("afinn-165.tsv", (k, v) -> (k.contains(" ") ? phrases : words).put(k, Double.parseDouble(v)));
        Map<String, Double> boosters = new HashMap<>();
        read("boosters.tsv", (k, v) -> boosters.put(k, Double.parseDouble(v)));
        Set<String> negations = new HashSet<>();
        read("negations.txt", (k, v) -> negations.add(k));
        Map<String, Double> emoji = new HashMap<>();
        read("emoji.tsv", (k, v) -> emoji.put(k, Double.parseDouble(v)));
        return new Lexicon(words, phrases, boosters, negations, emoji);
    }

    /** Valence of a lower-case word on the -5..+5 scale, 0 if the word carries none. */
    public double valence(String word) {
        Double v = valences.get(word);
        if (v == null && word.indexOf('\'') >= 0) {
            v = valences.get(word.replace("'", ""));
        }
        return v == null ? 0 : v;
    }

    /** Valence of a multi-word phrase ("does not work"), or null if it is not one. */
    public Double phrase(String words) {
        return phrases.get(words);
    }

    /** +0.293 for a booster, -0.293 for a dampener, 0 otherwise. */
    public double booster(String word) {
        Double b = boosters.get(word);
        return b == null ? 0 : b;
    }

    public boolean isNegation(String word) {
        return word.endsWith("n't") || negations.contains(word.replace("'", ""));
    }

    public Map<String, Double> emoji() {
        return emoji;
    }

    public int size() {
        return valences.size() + phrases.size();
    }

    private static void read(String name, BiConsumer<String, String> row) {
        try (InputStream in = Lexicon.class.getResourceAsStream("/lab/traditional/lexicon/" + name)) {
            if (in == null) {
                throw new IllegalStateException("lexicon resource missing from the jar: " + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                String key = cols[0].strip();
                row.accept(key.startsWith(":") ? key : key.toLowerCase(Locale.ROOT), cols.length > 1 ? cols[1].strip() : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon resource " + name, e);
        }
    }

    /** For tests: the same lexicon with extra words. */
    Lexicon with(Map<String, Double> extraWords) {
        Map<String, Double> w = new HashMap<>(valences);
        w.putAll(extraWords);
        return new Lexicon(w, phrases, boosters, negations, emoji);
    }

    List<String> negationWords() {
        return new ArrayList<>(negations);
    }
}
