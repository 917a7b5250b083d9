package lab.portal.content;


import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** Judged on a run's figures and the parameters it ran with ({@code param.<name>}). */
    public Result evaluate(Map<String, Double> measured, Parameters parameters) {
        Map<String, Double> figures = new HashMap<>(measured);
        figures.putAll(parameters.asFigures());
        return evaluate(figures);
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
        return new Result(id, ok, fill(ok ? pass : fail, l, r, figures), l, r);
    }

    private static final Pattern FIGURE = Pattern.compile("\\{([a-z0-9_.]+)}");

    /** {left}, {right}, {ratio}, and any figure or parameter of the run by name ({param.rate}). */
    private static String fill(String template, double l, double r, Map<String, Double> figures) {
        String ratio = r == 0 ? "∞" : format(l / r);
        String text = template.replace("{left}", format(l)).replace("{right}", format(r)).replace("{ratio}", ratio);
        return FIGURE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                figures.containsKey(m.group(1)) ? format(figures.get(m.group(1))) : m.group()));
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
