package lab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A labelled TSV ({@code text<TAB>label}, label 1/0 or POSITIVE/NEGATIVE, optional header row). */
record LabelledSet(List<String> texts, List<String> labels) {

    static LabelledSet read(Path tsv) throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] cols = line.split("\t");
            if (cols.length < 2) continue;
            String label = normalise(cols[cols.length - 1].trim());
            if (label == null) continue; // header or unlabelled row
            texts.add(cols[0].trim());
            labels.add(label);
        }
        if (texts.isEmpty()) throw new IOException("no labelled rows in " + tsv);
        return new LabelledSet(texts, labels);
    }

    private static String normalise(String label) {
        return switch (label.toUpperCase()) {
            case "1", "POSITIVE", "POS" -> "POSITIVE";
            case "0", "NEGATIVE", "NEG" -> "NEGATIVE";
            default -> null;
        };
    }

    int size() {
        return texts.size();
    }
}
