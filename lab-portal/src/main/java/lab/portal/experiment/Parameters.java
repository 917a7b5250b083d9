package lab.portal.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An experiment's parameters as content/lab.yaml gives them, read with the defaults the code expects. */
public record Parameters(Map<String, Object> values) {

    public double number(String name, double fallback) {
        Object v = values.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("parameter " + name + " must be a number, got '" + v + "'");
    }

    public int integer(String name, int fallback) {
        return (int) Math.round(number(name, fallback));
    }

    public Duration seconds(String name, double fallback) {
        return Duration.ofMillis(Math.round(number(name, fallback) * 1000));
    }

    public List<Double> numbers(String name, List<Double> fallback) {
        Object v = values.get(name);
        if (v == null) return fallback;
        if (v instanceof List<?> list) return list.stream().map(x -> ((Number) x).doubleValue()).toList();
        throw new IllegalArgumentException("parameter " + name + " must be a list of numbers, got '" + v + "'");
    }

    public String text(String name, String fallback) {
        Object v = values.get(name);
        return v == null ? fallback : String.valueOf(v);
    }
}
