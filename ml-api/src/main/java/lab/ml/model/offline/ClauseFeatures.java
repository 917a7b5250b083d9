package lab.ml.model.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head's input: the sentence embedding, and beside it the embedding of the clause after the last
 * contrast word ("but", "however", "yet"). Mean pooling alone loses which half of "the box was
 * damaged but support was great" comes last, and in feedback the last half usually decides.
 * Without a contrast word both halves are the whole sentence.
 */
public final class ClauseFeatures {
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
    static MiniLmEncoder.Embeddings of(MiniLmEncoder encoder, List<String> texts) {
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
            float[] whole = e.vectors()[i];
            float[] last = e.vectors()[clauseRow[i]];
            features[i] = new float[whole.length + last.length];
            System.arraycopy(whole, 0, features[i], 0, whole.length);
            System.arraycopy(last, 0, features[i], whole.length, last.length);
            truncated[i] = e.truncated()[i];
        }
        return new MiniLmEncoder.Embeddings(features, truncated);
    }
}
