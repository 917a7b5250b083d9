package lab.portal.experiment;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment run measured: named figures (what checks judge, e.g. {@code ml.ready_s.median})
 * and the raw series behind them (what charts draw). Every value comes from the run, none is typed in.
 */
public record Evidence(Map<String, Double> figures, Map<String, List<double[]>> series) {

    public static Builder builder() {
        return new Builder();
    }

    /** Both runs' figures and series in one (the keys of experiments that run twice do not overlap). */
    public Evidence merge(Evidence other) {
        Builder b = builder();
        figures.forEach(b::figure);
        series.forEach(b::series);
        other.figures.forEach(b::figure);
        other.series.forEach(b::series);
        return b.build();
    }

    /** JSON for the store and the page; a figure that could not be measured (NaN) is {@code null}. */
    public JsonObject toJson() {
        JsonObject f = new JsonObject();
        figures.forEach((k, v) -> f.add(k, jsonNumber(v)));
        JsonObject s = new JsonObject();
        series.forEach((k, rows) -> {
            JsonArray a = new JsonArray();
            for (double[] row : rows) {
                JsonArray r = new JsonArray();
                for (double v : row) r.add(jsonNumber(v));
                a.add(r);
            }
            s.add(k, a);
        });
        return new JsonObject().add("figures", f).add("series", s);
    }

    public static Evidence fromJson(JsonObject o) {
        Builder b = builder();
        o.get("figures").asObject().forEach(m -> b.figure(m.getName(), number(m.getValue())));
        o.get("series").asObject().forEach(m -> {
            List<double[]> rows = new ArrayList<>();
            for (JsonValue row : m.getValue().asArray()) {
                JsonArray r = row.asArray();
                double[] values = new double[r.size()];
                for (int i = 0; i < values.length; i++) values[i] = number(r.get(i));
                rows.add(values);
            }
            b.series(m.getName(), rows);
        });
        return b.build();
    }

    /** A measured value as JSON: one that could not be measured (NaN, infinite) is {@code null}. */
    public static JsonValue jsonNumber(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? Json.NULL : Json.value(v);
    }

    /** The reverse of {@link #jsonNumber}: {@code null} is NaN. */
    public static double number(JsonValue v) {
        return v.isNull() ? Double.NaN : v.asDouble();
    }

    /** Collects figures and series while an experiment runs. */
    public static final class Builder {
        private final Map<String, Double> figures = new LinkedHashMap<>();
        private final Map<String, List<double[]>> series = new LinkedHashMap<>();

        public Builder figure(String name, double value) {
            figures.put(name, value);
            return this;
        }

        public Builder series(String name, List<double[]> points) {
            series.put(name, List.copyOf(points));
            return this;
        }

        public Evidence build() {
            return new Evidence(Collections.unmodifiableMap(figures), Collections.unmodifiableMap(series));
        }
    }
}
