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

    /** Encodes each text and its final clause in one batch; returns features and truncation flags. */
    static MiniLmEncoder.Embeddings of(MiniLmEncoder encoder, List<String> texts) {
        List<String> inputs = new ArrayList<>(texts.size() * 2);
        inputs.addAll(texts);
        for (String t : texts) inputs.add(finalClause(t));
        MiniLmEncoder.Embeddings e = encoder.embed(inputs);
        int n = texts.size();
        float[][] features = new float[n][];
        boolean[] truncated = new boolean[n];
        for (int i = 0; i < n; i++) {
            float[] whole = e.vectors()[i];
            float[] last = e.vectors()[n + i];
            features[i] = new float[whole.length + last.length];
            System.arraycopy(whole, 0, features[i], 0, whole.length);
            System.arraycopy(last, 0, features[i], whole.length, last.length);
            truncated[i] = e.truncated()[i];
        }
        return new MiniLmEncoder.Embeddings(features, truncated);
    }
}
