package lab.portal.content;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A success criterion judged on measured evidence: {@code left OP factor × right}, where left and
 * right name figures of an experiment run (right may be a plain number, either may be a parameter the
 * run used, {@code param.<name>}). The result says what was measured and what was expected, in the lab's
 * own words from content/lab.yaml. A check with {@code applies_when} is judged only when all of those
 * hold: otherwise what it claims could not happen in the run, and the result says "not applicable" and why
 * (it does not pass).
 */
public record Check(String id, String experiment, String claim, String left, String op, Double factor, String right,
                    String pass, String fail, List<Precondition> appliesWhen, Examples examples) {

    /** What must have happened in the run for the check to mean anything: {@code left OP right}, else {@code otherwise}. */
    public record Precondition(String left, String op, String right, String otherwise) {
    }

    /**
     * Figures of a run the check passes on, and of one it fails on: every check shows it can fail. The
     * portal refuses content whose check lacks them, or whose examples do not come out so.
     */
    public record Examples(Map<String, Double> pass, Map<String, Double> fail) {
    }

    /** How a check came out. Only {@code PASSED} counts. */
    public enum Outcome { PASSED, FAILED, NOT_APPLICABLE, NOT_MEASURED }

    /** The outcome, with the message to show and the figures it was judged on (null where not measured). */
    public record Result(String check, boolean passed, String message, Double left, Double right, Outcome outcome) {
        public Result {
            if (outcome == null) outcome = passed ? Outcome.PASSED : Outcome.FAILED; // a run stored before outcomes were kept
        }

        public Result(String check, boolean passed, String message, Double left, Double right) {
            this(check, passed, message, left, right, null);
        }
    }

    public Check {
        if (factor == null) factor = 1.0;
        appliesWhen = appliesWhen == null ? List.of() : List.copyOf(appliesWhen);
    }

    public Check(String id, String experiment, String claim, String left, String op, double factor, String right, String pass, String fail) {
        this(id, experiment, claim, left, op, factor, right, pass, fail, null, null);
    }

    /** Judged on a run's figures and the parameters it ran with ({@code param.<name>}). */
    public Result evaluate(Map<String, Double> measured, Parameters parameters) {
        Map<String, Double> figures = new HashMap<>(measured);
        figures.putAll(parameters.asFigures());
        return evaluate(figures);
    }

    public Result evaluate(Map<String, Double> figures) {
        for (Precondition when : appliesWhen) {
            Double l = value(when.left(), figures), r = value(when.right(), figures);
            if (l == null || r == null) return notMeasured(l == null ? when.left() : when.right(), l, r);
            if (!compare(l, when.op(), 1, r)) {
                return new Result(id, false, "Not applicable: " + fill(when.otherwise(), l, r, figures), null, null, Outcome.NOT_APPLICABLE);
            }
        }
        Double l = value(left, figures), r = value(right, figures);
        if (l == null || r == null) return notMeasured(l == null ? left : right, l, r);
        boolean ok = compare(l, op, factor, r);
        return new Result(id, ok, fill(ok ? pass : fail, l, r, figures), l, r, ok ? Outcome.PASSED : Outcome.FAILED);
    }

    private Result notMeasured(String missing, Double l, Double r) {
        return new Result(id, false, "Not measured: the run has no figure '" + missing + "'. Run the experiment again; "
                + "if it failed, its reason is shown with the run.", l, r, Outcome.NOT_MEASURED);
    }

    private static Double value(String name, Map<String, Double> figures) {
        Double n = number(name);
        return n != null ? n : figures.get(name);
    }

    private boolean compare(double l, String operator, double f, double r) {
        if (!validOperator(operator)) throw new IllegalStateException("unknown operator " + operator + " in check " + id);
        return holds(l, operator, f * r);
    }

    /** {@code l OP r} for one of the content's operators ({@link #validOperator}); == within 1e-9. */
    static boolean holds(double l, String operator, double r) {
        return switch (operator) {
            case ">=" -> l >= r;
            case ">" -> l > r;
            case "<=" -> l <= r;
            case "<" -> l < r;
            case "==" -> Math.abs(l - r) < 1e-9;
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_.]+)}");
    /** What a message may quote besides figures and parameters. */
    static final Set<String> OWN_PLACEHOLDERS = Set.of("left", "right", "ratio");

    /** {left}, {right}, {ratio}, and any figure or parameter of the run by name ({param.rate}). */
    private static String fill(String template, double l, double r, Map<String, Double> figures) {
        String ratio = r == 0 ? "∞" : format(l / r);
        String text = template.replace("{left}", format(l)).replace("{right}", format(r)).replace("{ratio}", ratio);
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                figures.get(m.group(1)) != null ? format(figures.get(m.group(1))) : m.group()));
    }

    /**
     * Every figure or parameter this check names (operands, preconditions, the names its messages quote),
     * each with where in the check it is named first ({@code left}, {@code applies_when[0].right}, {@code pass}).
     */
    Map<String, String> names() {
        Map<String, String> out = new LinkedHashMap<>();
        name(out, left, "left");
        name(out, right, "right");
        for (int i = 0; i < appliesWhen.size(); i++) {
            Precondition when = appliesWhen.get(i);
            name(out, when.left(), "applies_when[" + i + "].left");
            name(out, when.right(), "applies_when[" + i + "].right");
            for (String q : quoted(when.otherwise())) out.putIfAbsent(q, "applies_when[" + i + "].otherwise");
        }
        for (String q : quoted(pass)) out.putIfAbsent(q, "pass");
        for (String q : quoted(fail)) out.putIfAbsent(q, "fail");
        if (examples != null) {
            if (examples.pass() != null) examples.pass().keySet().forEach(n -> out.putIfAbsent(n, "examples.pass"));
            if (examples.fail() != null) examples.fail().keySet().forEach(n -> out.putIfAbsent(n, "examples.fail"));
        }
        return out;
    }

    /** Whether its own examples come out as they say, judged with the experiment's parameters; what is wrong, or empty. */
    List<String> exampleProblems(Parameters parameters) {
        if (examples == null || examples.pass() == null || examples.fail() == null) {
            return List.of("needs examples: figures it passes on and figures it fails on (a check that cannot fail is not a check)");
        }
        List<String> p = new java.util.ArrayList<>();
        Result passing = evaluate(examples.pass(), parameters);
        if (passing.outcome() != Outcome.PASSED) p.add("its passing example does not pass: " + passing.message());
        Result failing = evaluate(examples.fail(), parameters);
        if (failing.outcome() != Outcome.FAILED) p.add("its failing example does not fail (" + failing.outcome() + "): " + failing.message());
        return p;
    }

    private static void name(Map<String, String> out, String operand, String where) {
        if (operand != null && number(operand) == null) out.putIfAbsent(operand, where);
    }

    static Set<String> quoted(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) return out;
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) if (!OWN_PLACEHOLDERS.contains(m.group(1))) out.add(m.group(1));
        return out;
    }

    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    private static Double number(String s) {
        try {
            return s == null ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean validOperator(String op) {
        return op != null && switch (op) {
            case ">=", ">", "<=", "<", "==" -> true;
            default -> false;
        };
    }
}
