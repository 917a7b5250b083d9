package lab.portal.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table of measured points with named columns, e.g. {@code [t_s, replicas]} or {@code [second,
 * completed, errors, p50_ms, p99_ms]}: charts and figures read columns by name, never by position. A
 * value that could not be measured is null.
 */
public record Series(List<String> columns, List<List<Double>> rows) {

    public Series {
        columns = List.copyOf(columns);
        List<List<Double>> copy = new ArrayList<>(rows.size());
        for (List<Double> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + row.size() + " values for the columns " + columns);
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    public static Series of(List<String> columns) {
        return new Series(columns, List.of());
    }

    /** One row in the order of the columns; NaN or infinite values become null ("not measured"). */
    public static List<Double> row(double... values) {
        List<Double> row = new ArrayList<>(values.length);
        for (double v : values) row.add(Figures.measured(v));
        return row;
    }

    public Series with(List<Double> row) {
        List<List<Double>> all = new ArrayList<>(rows);
        all.add(row);
        return new Series(columns, all);
    }

    /** Every value of the named column, in row order (null where not measured). */
    public List<Double> column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no column '" + name + "' in " + columns);
        return rows.stream().map(r -> r.get(i)).toList();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
