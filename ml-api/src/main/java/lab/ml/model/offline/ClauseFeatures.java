package lab.ml.model.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head's input ({@value #DIMENSIONS} values): the sentence embedding; beside it the embedding of the
 * clause after the last contrast word ("but", "however", "yet"); then the sentence's max-pooled token
 * embeddings. Mean pooling alone loses which half of "the box was damaged but support was great" comes
 * last, and in feedback the last half usually decides; without a contrast word both halves are the whole
 * sentence. The max-pooled part keeps a strong word that a long sentence's mean dilutes (measured in
 * MODEL_CARD.md).
 */
public final class ClauseFeatures {
    public static final int DIMENSIONS = 3 * MiniLmEncoder.DIMENSIONS;

    /** The features of each text, and whether its text was cut at {@link MiniLmEncoder#MAX_TOKENS}. */
    public record Rows(float[][] features, boolean[] truncated) {
    }

    private static final Pattern CONTRAST = Pattern.compile("(?i)\\b(but|however|yet)\\b");

    private ClauseFeatures() {
    }

    /** The text after the last contrast word, or the whole text. */
    static String finalClause(String text) {
        Matcher m = CONTRAST.matcher(text);
        int end = -1;
        while (m.find()) end = m.end();
        if (end < 0) return text;
        String tail = text.substring(end).replaceFirst("^[\\s,.;:]+", "");
        return tail.isBlank() ? text : tail;
    }

    /**
     * Encodes each text, and each final clause that differs from its text, in one batch; returns the
     * features and truncation flags. Most texts have no contrast word and are encoded once.
     */
    static Rows of(MiniLmEncoder encoder, List<String> texts) {
        int n = texts.size();
        List<String> inputs = new ArrayList<>(texts);
        int[] clauseRow = new int[n];
        for (int i = 0; i < n; i++) {
            String clause = finalClause(texts.get(i));
            if (clause.equals(texts.get(i))) {
                clauseRow[i] = i;
            } else {
                clauseRow[i] = inputs.size();
                inputs.add(clause);
            }
        }
        MiniLmEncoder.Embeddings e = encoder.embed(inputs);
        float[][] features = new float[n][];
        boolean[] truncated = new boolean[n];
        for (int i = 0; i < n; i++) {
            features[i] = concat(e.vectors()[i], e.vectors()[clauseRow[i]], e.maxima()[i]);
            truncated[i] = e.truncated()[i];
        }
        return new Rows(features, truncated);
    }

    private static float[] concat(float[]... parts) {
        float[] out = new float[DIMENSIONS];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
