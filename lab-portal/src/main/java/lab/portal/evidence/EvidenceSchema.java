package lab.portal.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an experiment can produce: its figures and its series, each with unit and label. Content
 * that names a figure is checked against it when the portal starts; the page labels tables and charts
 * from it; a run that produces a figure outside it is a bug and fails loudly.
 */
public record EvidenceSchema(Map<String, Figure> figures, Map<String, SeriesSpec> series) {

    public EvidenceSchema {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        series = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This schema with one more figure: one every run records, whatever the experiment. */
    public EvidenceSchema with(Figure f) {
        Map<String, Figure> all = new LinkedHashMap<>(figures);
        all.put(f.name(), f);
        return new EvidenceSchema(all, series);
    }

    public boolean hasFigure(String name) {
        return figures.containsKey(name);
    }

    public Optional<Figure> figure(String name) {
        return Optional.ofNullable(figures.get(name));
    }

    /** What of {@code evidence} this schema does not declare (empty when all of it is declared). */
    public List<String> undeclared(Evidence evidence) {
        List<String> out = new ArrayList<>();
        evidence.figures().keySet().stream().filter(f -> !figures.containsKey(f)).forEach(f -> out.add("figure " + f));
        evidence.series().forEach((name, s) -> {
            SeriesSpec spec = series.get(name);
            if (spec == null) out.add("series " + name);
            else if (!spec.columnNames().equals(s.columns())) out.add("series " + name + " with columns " + s.columns() + ", declared " + spec.columnNames());
        });
        return out;
    }

    public static final class Builder {
        private final Map<String, Figure> figures = new LinkedHashMap<>();
        private final Map<String, SeriesSpec> series = new LinkedHashMap<>();

        public Builder figure(Figure f) {
            if (figures.put(f.name(), f) != null) throw new IllegalArgumentException("figure " + f.name() + " declared twice");
            return this;
        }

        public Builder figures(Collection<Figure> all) {
            all.forEach(this::figure);
            return this;
        }

        /** The figure for each of these services' keys. */
        public Builder figure(Figure.PerService f, String... serviceKeys) {
            for (String key : serviceKeys) figure(f.of(key));
            return this;
        }

        public Builder series(SeriesSpec s) {
            if (series.put(s.name(), s) != null) throw new IllegalArgumentException("series " + s.name() + " declared twice");
            return this;
        }

        public EvidenceSchema build() {
            return new EvidenceSchema(figures, series);
        }
    }
}
