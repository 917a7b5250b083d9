package lab.portal.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Small rules about measured numbers that every part of the portal shares. */
public final class Figures {
    private Figures() {
    }

    /** A computed value as a figure: NaN or infinite means it could not be measured, which is null. */
    public static Double measured(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The median of the measured values, or null when there are none. */
    public static Double median(Collection<Double> values) {
        List<Double> v = new ArrayList<>(values.stream().filter(Objects::nonNull).toList());
        if (v.isEmpty()) return null;
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** The mean of the measured values, or null when there are none. */
    public static Double mean(Collection<Double> values) {
        return measured(values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }
}
