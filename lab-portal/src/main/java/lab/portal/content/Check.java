package lab.portal.content;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.Locale;
import java.util.Map;

/**
 * A success criterion judged on measured evidence: {@code left OP factor × right}, where left and
 * right name figures of an experiment run (right may be a plain number). The result says what was
 * measured and what was expected, in the lab's own words from content/lab.yaml.
 */
public record Check(String id, String experiment, String claim, String left, String op, double factor, String right,
                    String pass, String fail) {

    /** The outcome, with the message to show and the figures it was judged on. */
    public record Result(String checkId, boolean passed, String message, Double left, Double right) {

        /** As stored and exported: the figures it was judged on only where they were measured. */
        public JsonObject toJson() {
            JsonObject o = new JsonObject().add("check", checkId).add("passed", passed).add("message", message);
            if (left != null && Double.isFinite(left)) o.add("left", left);
            if (right != null && Double.isFinite(right)) o.add("right", right);
            return o;
        }

        public static Result fromJson(JsonObject o) {
            JsonValue l = o.get("left"), r = o.get("right");
            return new Result(o.getString("check", ""), o.getBoolean("passed", false), o.getString("message", ""),
                    l == null ? null : l.asDouble(), r == null ? null : r.asDouble());
        }
    }

    public Result evaluate(Map<String, Double> evidence) {
        Double l = evidence.get(left);
        Double r = number(right) != null ? number(right) : evidence.get(right);
        if (l == null || r == null || l.isNaN() || r.isNaN()) {
            String missing = l == null || l.isNaN() ? left : right;
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
