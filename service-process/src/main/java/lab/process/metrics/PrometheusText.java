package lab.process.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Prometheus text exposition format (version 0.0.4) strictly: every sample line must parse,
 * and no series (name plus labels) may appear twice, as a Prometheus server would refuse the scrape.
 * The Prometheus Java client writes this format but ships no reader.
 */
public final class PrometheusText {
    /** One sample: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A scrape that a Prometheus server would refuse, with the line and why. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(int line, String text, String why) {
            super("line " + line + " (" + text + "): " + why);
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Sample s = sample(i + 1, line);
            if (!series.add(s.name() + s.labels())) throw new Invalid(i + 1, line, "the same series appears twice");
            samples.add(s);
        }
        return new PrometheusText(Collections.unmodifiableList(samples));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The value of the series with exactly these labels (pairs: name, value, ...), or NaN when absent. */
    public double value(String name, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    /** Every sample of the metric {@code name}. */
    public List<Sample> all(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static Sample sample(int n, String line) {
        int i = 0;
        while (i < line.length() && isNameChar(line.charAt(i), i == 0)) i++;
        if (i == 0) throw new Invalid(n, line, "no metric name");
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(n, line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) throw new Invalid(n, line, "expected a value and an optional timestamp");
        return new Sample(name, Collections.unmodifiableMap(labels), number(n, line, rest[0]));
    }

    /** Parses {@code a="x",b="y"}} from {@code i}; returns the index after the closing brace. */
    private static int labels(int n, String line, int i, Map<String, String> labels) {
        while (true) {
            if (i < line.length() && line.charAt(i) == '}') return i + 1;
            int start = i;
            while (i < line.length() && isNameChar(line.charAt(i), i == start)) i++;
            if (i == start || i + 1 >= line.length() || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                throw new Invalid(n, line, "a label must be name=\"value\"");
            }
            String key = line.substring(start, i);
            StringBuilder value = new StringBuilder();
            i += 2;
            while (i < line.length() && line.charAt(i) != '"') {
                char c = line.charAt(i++);
                if (c == '\\' && i < line.length()) {
                    char e = line.charAt(i++);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
            }
            if (i >= line.length()) throw new Invalid(n, line, "unterminated label value");
            if (labels.put(key, value.toString()) != null) throw new Invalid(n, line, "label " + key + " twice");
            i++;
            if (i < line.length() && line.charAt(i) == ',') i++;
        }
    }

    private static double number(int n, String line, String v) {
        switch (v) {
            case "+Inf", "Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new Invalid(n, line, "'" + v + "' is not a number");
                }
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
