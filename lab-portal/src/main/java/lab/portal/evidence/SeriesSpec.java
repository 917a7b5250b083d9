package lab.portal.evidence;

import java.util.List;

/**
 * A series an experiment produces: its name, a label, and its columns (each with its unit and label),
 * in order. Charts and figures read columns by name.
 */
public record SeriesSpec(String name, String label, List<Column> columns) {

    public record Column(String name, Unit unit, String label) {
    }

    public SeriesSpec {
        columns = List.copyOf(columns);
    }

    public static Column column(String name, Unit unit, String label) {
        return new Column(name, unit, label);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * A series measured for each service, or for each part of a run ({@code ml.naive.per_second}):
     * {@code prefix.suffix}, labelled with the prefix's words.
     */
    public record Family(String suffix, String label, List<Column> columns) {
        public SeriesSpec of(String prefix, String prefixLabel) {
            return new SeriesSpec(prefix + "." + suffix, prefixLabel + ": " + label, columns);
        }
    }

    public static Family family(String suffix, String label, Column... columns) {
        return new Family(suffix, label, List.of(columns));
    }

    public static SeriesSpec of(String name, String label, Column... columns) {
        return new SeriesSpec(name, label, List.of(columns));
    }
}
