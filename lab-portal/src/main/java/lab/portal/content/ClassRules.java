package lab.portal.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * How a class portal reads a workshop's reports ({@code classroom:} in content/lab.yaml): which figures
 * are compared per core, and the rules that explain an outlier. Like the checks, the rules are data and
 * are validated when the content loads; the figures they name are checked against what the experiments
 * produce when the portal starts.
 *
 * @param perCore  per experiment, the figures that grow with the machine's cores (a rate a service sustained):
 *                 the class view also shows them divided by the learner's cores
 * @param outliers the rules, in the order they are tried
 */
public record ClassRules(Map<String, List<String>> perCore, List<Outlier> outliers) {
    /** The learner's machine, named in a condition as {@code env.<name>}. */
    public static final Set<String> MACHINE = Set.of("env.cores", "env.memory_gib");
    /** What an explanation may quote besides the machine: the figure, the class median and their ratio. */
    static final Set<String> QUOTES = Set.of("value", "median", "ratio", "cores", "memory_gib", "runtime");

    public ClassRules {
        perCore = perCore == null ? Map.of() : Map.copyOf(perCore);
        outliers = outliers == null ? List.of() : List.copyOf(outliers);
    }

    static ClassRules none() {
        return new ClassRules(null, null);
    }

    public boolean perCore(String experiment, String figure) {
        return perCore.getOrDefault(experiment, List.of()).contains(figure);
    }

    /**
     * A learner's figure far from the class median ({@code above_median} times it or more, or
     * {@code below_median} times it or less), and where every {@code when} holds, what probably explains it.
     */
    public record Outlier(String id, String experiment, String figure, Double aboveMedian, Double belowMedian, List<Condition> when,
                          String explain) {
        public Outlier {
            when = when == null ? List.of() : List.copyOf(when);
        }

        /** Whether {@code value} is this far from {@code median}. */
        public boolean far(double value, double median) {
            if (aboveMedian != null) return median > 0 && value >= aboveMedian * median;
            return belowMedian != null && value <= belowMedian * median;
        }

        /** The explanation with its quotes filled in. */
        public String explain(double value, double median, Map<String, String> machine) {
            String ratio = median == 0 ? "∞" : Check.format(value / median);
            return Check.PLACEHOLDER.matcher(explain).replaceAll(m -> Matcher.quoteReplacement(switch (m.group(1)) {
                case "value" -> Check.format(value);
                case "median" -> Check.format(median);
                case "ratio" -> ratio;
                default -> machine.getOrDefault(m.group(1), m.group());
            }));
        }
    }

    /**
     * {@code figure OP value}: a figure of the learner's run of {@code experiment} (the rule's own when left
     * out) or of the machine ({@code env.cores}, {@code env.memory_gib}).
     */
    public record Condition(String experiment, String figure, String op, Double value) {
        public boolean machine() {
            return figure != null && figure.startsWith("env.");
        }

        /** Validated at load: the operator is one of the content's. */
        public boolean holds(double measured) {
            return Check.holds(measured, op, value);
        }
    }

    /** What does not hold together, at its path; {@code experiments} are the content's experiment ids. */
    List<ContentProblem> problems(Set<String> experiments) {
        List<ContentProblem> p = new ArrayList<>();
        perCore.keySet().stream().filter(e -> !experiments.contains(e))
                .forEach(e -> p.add(new ContentProblem("classroom.per_core." + e, "classroom.per_core: no experiment " + e)));
        for (int i = 0; i < outliers.size(); i++) {
            Outlier o = outliers.get(i);
            String at = "classroom.outliers[" + i + "]";
            String rule = "outlier rule " + o.id();
            if (o.id() == null || o.id().isBlank()) p.add(new ContentProblem(at, "an outlier rule needs an id"));
            if (!experiments.contains(o.experiment())) p.add(new ContentProblem(at + ".experiment", rule + ": no experiment " + o.experiment()));
            if (o.figure() == null || o.figure().isBlank()) p.add(new ContentProblem(at + ".figure", rule + ": needs the figure it compares with the class"));
            if ((o.aboveMedian() == null) == (o.belowMedian() == null)) {
                p.add(new ContentProblem(at, rule + ": needs one of above_median (a factor over 1) or below_median (a factor under 1)"));
            } else if (o.aboveMedian() != null && o.aboveMedian() <= 1 || o.belowMedian() != null && (o.belowMedian() >= 1 || o.belowMedian() <= 0)) {
                p.add(new ContentProblem(at, rule + ": above_median must be over 1 and below_median between 0 and 1, or every learner is an outlier"));
            }
            if (o.explain() == null || o.explain().isBlank()) p.add(new ContentProblem(at + ".explain", rule + ": needs an explanation"));
            Matcher quoted = Check.PLACEHOLDER.matcher(o.explain() == null ? "" : o.explain());
            while (quoted.find()) {
                String q = quoted.group(1);
                if (!QUOTES.contains(q)) {
                    p.add(new ContentProblem(at + ".explain", rule + " quotes {" + q + "}; an explanation may quote " + String.join(", ", QUOTES.stream().sorted().toList())));
                }
            }
            for (int j = 0; j < o.when().size(); j++) {
                Condition c = o.when().get(j);
                String cat = at + ".when[" + j + "]";
                if (c.figure() == null || c.value() == null || !Check.validOperator(c.op())) {
                    p.add(new ContentProblem(cat, rule + ": a condition needs a figure, an operator (>=, >, <=, <, ==) and a value"));
                } else if (c.machine() && !MACHINE.contains(c.figure())) {
                    p.add(new ContentProblem(cat, rule + ": the machine has " + String.join(", ", MACHINE.stream().sorted().toList()) + ", not " + c.figure()));
                } else if (!c.machine() && c.experiment() != null && !experiments.contains(c.experiment())) {
                    p.add(new ContentProblem(cat + ".experiment", rule + ": no experiment " + c.experiment()));
                }
            }
        }
        return p;
    }

    /** The experiment figures the rules name, for the start-up check against what each experiment produces. */
    List<LabContent.FigureUse> figureUses() {
        List<LabContent.FigureUse> out = new ArrayList<>();
        perCore.forEach((e, figures) -> figures.forEach(f -> out.add(new LabContent.FigureUse(e, f, "classroom.per_core." + e, "classroom.per_core"))));
        for (int i = 0; i < outliers.size(); i++) {
            Outlier o = outliers.get(i);
            String at = "classroom.outliers[" + i + "]";
            String rule = "outlier rule " + o.id();
            if (o.figure() != null) out.add(new LabContent.FigureUse(o.experiment(), o.figure(), at + ".figure", rule));
            for (int j = 0; j < o.when().size(); j++) {
                Condition c = o.when().get(j);
                if (c.figure() != null && !c.machine()) {
                    out.add(new LabContent.FigureUse(c.experiment() == null ? o.experiment() : c.experiment(), c.figure(), at + ".when[" + j + "].figure", rule));
                }
            }
        }
        return out;
    }
}
