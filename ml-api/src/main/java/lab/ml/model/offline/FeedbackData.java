package lab.ml.model.offline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** One split of the project's labelled customer-feedback set: {@code text<TAB>label} with a header row. */
public record FeedbackData(List<String> texts, int[] labels, String sha256) {

    public static FeedbackData read(Path tsv) throws IOException {
        byte[] raw = Files.readAllBytes(tsv);
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab < 0 || line.startsWith("text\t")) continue;
            texts.add(line.substring(0, tab));
            labels.add(Integer.parseInt(line.substring(tab + 1).trim()));
        }
        return new FeedbackData(texts, labels.stream().mapToInt(Integer::intValue).toArray(), sha256(raw));
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
