package lab.portal.content;


import java.util.Locale;
import java.util.Map;

/**
 * A success criterion judged on measured evidence: {@code left OP factor × right}, where left and
 * right name figures of an experiment run (right may be a plain number). The result says what was
 * measured and what was expected, in the lab's own words from content/lab.yaml.
 */
public record Check(String id, String experiment, String claim, String left, String op, double factor, String right,
                    String pass, String fail) {

    /** The outcome, with the message to show and the figures it was judged on (null where not measured). */
    public record Result(String check, boolean passed, String message, Double left, Double right) {
    }

    public Result evaluate(Map<String, Double> figures) {
        Double l = figures.get(left);
        Double r = number(right) != null ? number(right) : figures.get(right);
        if (l == null || r == null) {
            String missing = l == null ? left : right;
            return new Result(id, false, "Not measured: the run has no figure '" + missing + "'. Run the experiment again; "
                    + "if it failed, its reason is shown with the run.", l, r);
        }
        boolean ok = switch (op) {
            case ">=" -> l >= factor * r;
            case ">" -> l > factor * r;
            case "<=" -> l <= factor * r;
            case "<" -> l < factor * r;
            case "==" -> Math.abs(l - factor * r) < 1e-9;
            default -> throw new IllegalStateException("unknown operator " + op + " in check " + id);
        };
        return new Result(id, ok, fill(ok ? pass : fail, l, r), l, r);
    }

    private static String fill(String template, double l, double r) {
        String ratio = r == 0 ? "∞" : format(l / r);
        return template.replace("{left}", format(l)).replace("{right}", format(r)).replace("{ratio}", ratio);
    }

    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    private static Double number(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean validOperator(String op) {
        return switch (op) {
            case ">=", ">", "<=", "<", "==" -> true;
            default -> false;
        };
    }
}
