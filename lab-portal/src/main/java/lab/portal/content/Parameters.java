package lab.portal.content;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An experiment's parameters as content/lab.yaml gives them, and the ones the learner may change within
 * a range ({@code editable}). content/lab.yaml is the only place with their values; an experiment reads
 * them as its own record ({@link #bind}), checked against it when the portal starts, so a parameter the
 * code needs and the content lacks is an error that names it, never a silent default. A parameter whose
 * value is {@code null} (~ in YAML) means "the configured one" (ml-api's memory limit).
 */
public final class Parameters {

    /** What the learner may set a parameter to: a number from min to max (a whole one where {@code whole}). */
    public record Range(double min, double max, String label, Boolean whole) {
        public Range(double min, double max, String label) {
            this(min, max, label, null);
        }
    }

    /** A parameter as the experiment's card shows it: its value, and its range where the learner may change it. */
    public record Shown(String name, Object value, Range range, boolean whole) {
        public boolean editable() {
            return range != null;
        }

        /** The input's step: 1 for whole numbers, else fine enough for the range. */
        public String step() {
            return whole ? "1" : range != null && range.max() - range.min() <= 5 ? "0.05" : "0.5";
        }
    }

    /** A change the content does not allow, with the reason in the learner's words. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private final String experiment;
    private final Map<String, Object> values;
    private final Map<String, Range> editable;

    public Parameters(String experiment, Map<String, Object> values, Map<String, Range> editable) {
        this.experiment = experiment;
        // in the content's order, as the card shows them
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.editable = Collections.unmodifiableMap(new LinkedHashMap<>(editable));
    }

    public Parameters(String experiment, Map<String, Object> values) {
        this(experiment, values, Map.of());
    }

    public String experiment() {
        return experiment;
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
            boolean whole = whole(c.getKey());
            if (whole && v != Math.rint(v)) throw new Invalid(c.getKey() + " must be a whole number, got " + v);
            if (v < r.min() || v > r.max()) {
                throw new Invalid(c.getKey() + " must be from " + Check.format(r.min()) + " to " + Check.format(r.max()) + ", got " + Check.format(v));
            }
            merged.put(c.getKey(), whole ? (Object) Math.round(v) : (Object) v);
        }
        return new Parameters(experiment, merged, editable);
    }

    /**
     * The parameters as the experiment's own record (snake_case names, every component present). Bound
     * once at load for every experiment, so this fails only on a change the content's check let through.
     */
    public <P> P bind(Class<P> type) {
        try {
            return Binder.bindParameters(values, type);
        } catch (Binder.Mismatch m) {
            throw new IllegalArgumentException("content/lab.yaml, experiment " + experiment + ": parameter"
                    + (m.path.isEmpty() ? "s" : " '" + m.path + "'") + ": " + m.getMessage(), m);
        }
    }

    /** What does not fit {@code type} (a missing parameter, a wrong value, an unknown one), at {@code path}. */
    List<ContentProblem> problems(Class<?> type, String path) {
        List<ContentProblem> p = new ArrayList<>();
        try {
            Binder.bindParameters(values, type);
        } catch (Binder.Mismatch m) {
            p.add(new ContentProblem(m.path.isEmpty() ? path : path + "." + m.path, "experiment " + experiment + "'s parameters: " + m.getMessage()));
        }
        return p;
    }

    /** The numeric parameters as {@code param.<name>}, for checks and their messages. */
    public Map<String, Double> asFigures() {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Number n) out.put("param." + k, n.doubleValue());
        });
        return out;
    }

    /** Whether the content gives this parameter (a check may quote it as {@code param.<name>}). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The values a run used, as it is stored with the run and shown. */
    public Map<String, Object> recorded() {
        return values;
    }

    /** Every parameter as the card shows it, in the content's order. */
    public List<Shown> shown() {
        List<Shown> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(new Shown(k, v, editable.get(k), whole(k))));
        return out;
    }

    Map<String, Range> editable() {
        return editable;
    }

    Object value(String name) {
        return values.get(name);
    }

    /** Whether the parameter takes whole numbers only: as its range says, else as its value is written. */
    boolean whole(String name) {
        Range r = editable.get(name);
        if (r != null && r.whole() != null) return r.whole();
        return values.get(name) instanceof Integer || values.get(name) instanceof Long;
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v instanceof String s ? "'" + s + "'" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && p.experiment.equals(experiment) && p.values.equals(values) && p.editable.equals(editable);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return experiment + " " + values;
    }
}
