package lab.portal.content;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An experiment's parameters as content/lab.yaml gives them, and the ones the learner may change within
 * a range ({@code editable}). content/lab.yaml is the only place with their values: a parameter the code
 * asks for and the content lacks is an error that names it, never a silent default.
 */
public record Parameters(String experiment, Map<String, Object> values, Map<String, Range> editable) {

    /** What the learner may set a parameter to: a number from min to max (a whole one where the content's is). */
    public record Range(double min, double max, String label) {
    }

    /** A change the content does not allow, with the reason in the learner's words. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    public Parameters {
        // in the content's order, as the card shows them
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        editable = Collections.unmodifiableMap(new LinkedHashMap<>(editable));
    }

    public Parameters(String experiment, Map<String, Object> values) {
        this(experiment, values, Map.of());
    }

    /** These parameters with the learner's changes, each checked against its range; nothing else may change. */
    public Parameters with(Map<String, Object> changes) throws Invalid {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        for (Map.Entry<String, Object> c : changes.entrySet()) {
            Range r = editable.get(c.getKey());
            if (r == null) {
                throw new Invalid("experiment " + experiment + " has no parameter '" + c.getKey() + "' to change; it lets you change "
                        + (editable.isEmpty() ? "none" : String.join(", ", editable.keySet())));
            }
            if (!(c.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new Invalid(c.getKey() + " must be a number, got " + describe(c.getValue()));
            }
            double v = n.doubleValue();
            boolean whole = values.get(c.getKey()) instanceof Integer || values.get(c.getKey()) instanceof Long;
            if (whole && v != Math.rint(v)) throw new Invalid(c.getKey() + " must be a whole number, got " + v);
            if (v < r.min() || v > r.max()) {
                throw new Invalid(c.getKey() + " must be from " + Check.format(r.min()) + " to " + Check.format(r.max()) + ", got " + Check.format(v));
            }
            merged.put(c.getKey(), whole ? (Object) Math.round(v) : (Object) v);
        }
        return new Parameters(experiment, merged, editable);
    }

    /** The numeric parameters as {@code param.<name>}, for checks and their messages. */
    public Map<String, Double> asFigures() {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Number n) out.put("param." + k, n.doubleValue());
        });
        return out;
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v instanceof String s ? "'" + s + "'" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + v;
    }

    public double number(String name) {
        Object v = required(name);
        if (v instanceof Number n) return n.doubleValue();
        throw invalid(name, "a number", v);
    }

    public int integer(String name) {
        return (int) Math.round(number(name));
    }

    public Duration seconds(String name) {
        return Duration.ofMillis(Math.round(number(name) * 1000));
    }

    public List<Double> numbers(String name) {
        Object v = required(name);
        if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof Number)) {
            return list.stream().map(x -> ((Number) x).doubleValue()).toList();
        }
        throw invalid(name, "a list of numbers", v);
    }

    public String text(String name) {
        return String.valueOf(required(name));
    }

    /** Whether the content gives this (optional) parameter. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    private Object required(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("content/lab.yaml, experiment " + experiment + ": parameter '" + name
                    + "' is missing (it has " + values.keySet() + ")");
        }
        return v;
    }

    private IllegalArgumentException invalid(String name, String kind, Object v) {
        return new IllegalArgumentException("content/lab.yaml, experiment " + experiment + ": parameter '" + name
                + "' must be " + kind + ", got '" + v + "'");
    }
}
