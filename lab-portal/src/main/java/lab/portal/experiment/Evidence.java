package lab.portal.experiment;

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
