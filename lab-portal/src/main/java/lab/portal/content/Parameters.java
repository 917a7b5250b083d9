package lab.portal.content;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An experiment's parameters as content/lab.yaml gives them. content/lab.yaml is the only place with
 * their values: a parameter the code asks for and the content lacks is an error that names it, never a
 * silent default.
 */
public record Parameters(String experiment, Map<String, Object> values) {

    public Parameters {
        values = Map.copyOf(values);
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
