package lab.portal.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment run measured: named figures (what checks judge, e.g. {@code ml.ready_s.median};
 * null where a figure could not be measured), the series behind them (what charts draw), and notes the
 * run makes about itself (a part it skipped, and why). Every value comes from the run; none is typed in.
 */
public record Evidence(Map<String, Double> figures, Map<String, Series> series, List<String> notes) {

    public Evidence {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static final Evidence NONE = new Evidence(Map.of(), Map.of(), List.of());

    public static Builder builder() {
        return new Builder();
    }

    /** A figure, or null when it was not measured (or not in this run). */
    public Double figure(String name) {
        return figures.get(name);
    }

    public Double figure(Figure figure) {
        return figures.get(figure.name());
    }

    /** This evidence with one more figure (null where it could not be measured). */
    public Evidence withFigure(String name, Double value) {
        return builder().add(this).figure(name, value).build();
    }

    /** This evidence with notes about how the run went (what it stopped first, how busy the machine was) before its own. */
    public Evidence withNotesFirst(List<String> first) {
        List<String> all = new ArrayList<>(first);
        all.addAll(notes);
        return new Evidence(figures, series, all);
    }

    /** Collects figures and series while an experiment runs. */
    public static final class Builder {
        private final Map<String, Double> figures = new LinkedHashMap<>();
        private final Map<String, Series> series = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        /** A figure; a value that could not be measured (NaN, infinite, null) is recorded as null. */
        public Builder figure(Figure figure, Double value) {
            return figure(figure.name(), value);
        }

        /** A figure by name, as a stored or imported run has it. */
        public Builder figure(String name, Double value) {
            figures.put(name, value == null ? null : Figures.measured(value));
            return this;
        }

        public Builder series(SeriesSpec spec, Series s) {
            return series(spec.name(), s);
        }

        public Builder series(String name, Series s) {
            series.put(name, s);
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        /** Everything another run measured (the keys of the parts of one experiment do not overlap). */
        public Builder add(Evidence other) {
            other.figures.forEach(this::figure);
            other.series.forEach(this::series);
            notes.addAll(other.notes);
            return this;
        }

        public Evidence build() {
            return new Evidence(figures, series, notes);
        }
    }
}
