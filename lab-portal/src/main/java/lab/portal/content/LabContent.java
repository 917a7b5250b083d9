package lab.portal.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole lab as the portal uses it: the guide's steps (setup.md) and, from content/lab.yaml, the
 * experiments, checks, hints, solutions, reflection questions and completion criteria, bound to these
 * records (an unknown key is an error). Loading checks every reference and reports all problems at once,
 * each with its line in lab.yaml; what the experiments produce is checked against it when the portal
 * starts (see {@code ExperimentCatalog}), with the same lines.
 */
public record LabContent(String title, Guide guide, List<ExperimentSpec> experiments, List<Check> checks,
                         Map<String, List<String>> hints, Map<String, String> solutions, List<Question> questions,
                         List<Criterion> completion, List<StepCheck> stepChecks, Runner runner, Machine machine, Map<String, String> panels,
                         ClassRules classroom, ContentSource source) {

    /** The panels the page can place in a step (the cleanup button, the Kubernetes settings, the cost of what was measured), by name. */
    public static final List<String> PANELS = List.of("cleanup", "kubernetes", "cost");

    /** Whether the named panel goes in this step. */
    public boolean panelIn(String panel, String step) {
        return step.equals(panels.get(panel));
    }

    /**
     * An experiment as the content describes it: where it sits in the guide, the parameters its code reads
     * (some of which the learner may change), and the original lab's stated figures to compare with.
     */
    public record ExperimentSpec(String id, String title, String step, Parameters parameters, List<Reference> references) {
    }

    /** A figure the original lab states ("~3 s"), shown beside the learner's measured {@code figure}. */
    /**
     * The original lab's claim beside a figure of the learner's. {@code model} is what the claim is about:
     * {@code distilbert} (shown beside a measurement only when ml-api served DistilBERT-SST-2) or
     * {@code rule-based} (traditional-api's, always the same service).
     */
    public record Reference(String label, String claim, String figure, String unit, String model) {
        public static final List<String> MODELS = List.of("distilbert", "rule-based");
    }

    /** How guide blocks run: stopped after {@code timeoutSeconds}; the last {@code outputKib} KiB of output kept. */
    public record Runner(int timeoutSeconds, int outputKib) {
        public Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }
    }

    /**
     * When a run's card warns that the machine was busy outside the lab: on average more than
     * {@code outsideCpuWarningPercent} % of a core spent by other programs (a browser drawing charts
     * included) while it measured capacity or latency.
     */
    public record Machine(double outsideCpuWarningPercent) {
    }

    /** A reflection question; with an experiment, its text may quote that run's figures ({name}). */
    public record Question(String id, String text, String experiment) {
    }

    /** A completion tick: earned by passing these checks and answering these questions. */
    public record Criterion(String id, String title, List<String> checks, List<String> questions) {
        public Criterion {
            checks = checks == null ? List.of() : List.copyOf(checks);
            questions = questions == null ? List.of() : List.copyOf(questions);
        }
    }

    /** content/lab.yaml as written. */
    record Yaml(String title, String guide, Runner runner, Machine machine, Map<String, String> panels, Map<String, StepCheck> steps,
                List<ExperimentYaml> experiments, List<Check> checks, Map<String, List<String>> hints, Map<String, String> solutions,
                List<Question> questions, List<Criterion> completion, ClassRules classroom) {
    }

    /** One experiment as written: its parameters are bound to the experiment's own record later, by the catalog. */
    record ExperimentYaml(String id, String title, String step, Map<String, Object> parameters, Map<String, Parameters.Range> editable,
                          List<Reference> reference) {
    }

    /** Content that does not hold together, with every problem found and its line. */
    public static final class InvalidContent extends IOException {
        public InvalidContent(String file, List<String> problems) {
            super(file + " has " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    public static LabContent load(Path labYaml) throws IOException {
        ContentSource source = ContentSource.read(labYaml);
        Yaml y;
        try {
            y = Binder.bind(source.tree() == null ? Map.of() : source.tree(), Yaml.class);
        } catch (Binder.Mismatch m) {
            throw new InvalidContent(labYaml.toString(), List.of(source.where(m.path) + ": " + m.getMessage()));
        }
        Path guidePath = labYaml.getParent().resolve(y.guide() == null ? "../setup.md" : y.guide()).normalize();
        Guide guide = Guide.parse(Files.readString(guidePath));
        List<StepCheck> steps = new ArrayList<>();
        orEmpty(y.steps()).forEach((id, k) -> steps.add((k == null ? new StepCheck(id, null, null, null, null, null, null) : k).named(id)));
        LabContent c = new LabContent(y.title() == null ? "Lab" : y.title(), guide,
                orEmpty(y.experiments()).stream().map(LabContent::experiment).toList(),
                orEmpty(y.checks()), new LinkedHashMap<>(orEmpty(y.hints())), new LinkedHashMap<>(orEmpty(y.solutions())), orEmpty(y.questions()),
                orEmpty(y.completion()), List.copyOf(steps), y.runner() == null ? new Runner(120, 64) : y.runner(),
                y.machine() == null ? new Machine(50) : y.machine(),
                new LinkedHashMap<>(orEmpty(y.panels())), y.classroom() == null ? ClassRules.none() : y.classroom(), source);
        List<ContentProblem> problems = c.problems();
        if (!problems.isEmpty()) throw c.invalid(problems);
        return c;
    }

    /** The problems as the portal reports them: each with its line in lab.yaml. */
    public InvalidContent invalid(List<ContentProblem> problems) {
        return new InvalidContent(source.file().toString(), problems.stream().map(p -> source.where(p.path()) + ": " + p.message()).toList());
    }

    private static ExperimentSpec experiment(ExperimentYaml e) {
        return new ExperimentSpec(e.id(), e.title(), e.step(), new Parameters(e.id(), orEmpty(e.parameters()), orEmpty(e.editable())),
                orEmpty(e.reference()));
    }

    /** Every reference that does not resolve, every operator that is not one, every empty message. */
    List<ContentProblem> problems() {
        List<ContentProblem> p = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i++) {
            ExperimentSpec e = experiments.get(i);
            String at = "experiments[" + i + "]";
            if (e.id() == null || e.id().isBlank()) p.add(new ContentProblem(at, "an experiment needs an id"));
            if (!guide.hasStep(e.step())) p.add(new ContentProblem(at + ".step", "experiment " + e.id() + ": no step " + e.step() + " in the guide"));
            e.parameters().editable().forEach((name, r) -> {
                Object v = e.parameters().value(name);
                String where = at + ".editable." + name;
                if (!e.parameters().has(name)) p.add(new ContentProblem(where, "experiment " + e.id() + ": editable '" + name + "' is not among its parameters"));
                else if (v != null && !(v instanceof Number)) p.add(new ContentProblem(where, "experiment " + e.id() + ": editable '" + name + "' has no number among its parameters"));
                else if (r.min() > r.max() || v instanceof Number n && (n.doubleValue() < r.min() || n.doubleValue() > r.max())) {
                    p.add(new ContentProblem(where, "experiment " + e.id() + ": editable '" + name + "' needs min <= " + v + " <= max"));
                } else if (e.parameters().whole(name) && (r.min() != Math.rint(r.min()) || r.max() != Math.rint(r.max()))) {
                    // The card would offer a bound the run then refuses as "not a whole number".
                    p.add(new ContentProblem(where, "experiment " + e.id() + ": editable '" + name + "' takes whole numbers (its value is " + v
                            + "), but its range " + Check.format(r.min()) + "–" + Check.format(r.max()) + " is not whole: write the value as "
                            + v + ".0 or set whole: false"));
                }
            });
            for (int j = 0; j < e.references().size(); j++) {
                Reference r = e.references().get(j);
                if (blank(r.figure()) || blank(r.claim())) {
                    p.add(new ContentProblem(at + ".reference[" + j + "]", "experiment " + e.id() + ": reference '" + r.label() + "' needs a figure and a claim"));
                }
                if (r.model() == null || !Reference.MODELS.contains(r.model())) {
                    p.add(new ContentProblem(at + ".reference[" + j + "]", "experiment " + e.id() + ": reference '" + r.label()
                            + "' must say which model its claim is about (model: one of " + Reference.MODELS + "), so it is compared only with a "
                            + "measurement of that model"));
                }
            }
        }
        for (StepCheck k : stepChecks) p.addAll(k.problems(this));
        panels.forEach((panel, step) -> {
            if (!PANELS.contains(panel)) p.add(new ContentProblem("panels." + panel, "panels." + panel + ": no such panel (there are " + PANELS + ")"));
            if (!guide.hasStep(step)) p.add(new ContentProblem("panels." + panel, "panels." + panel + ": no step " + step + " in the guide"));
        });
        guide.steps().stream().filter(s -> stepCheck(s.id()) == null)
                .forEach(s -> p.add(new ContentProblem("steps", "steps." + s.id() + ": every step needs a completion check (" + s.title() + ")")));
        for (int i = 0; i < checks.size(); i++) {
            Check k = checks.get(i);
            String at = "checks[" + i + "]";
            if (experiment(k.experiment()) == null) p.add(new ContentProblem(at + ".experiment", "check " + k.id() + ": no experiment " + k.experiment()));
            if (!Check.validOperator(k.op())) p.add(new ContentProblem(at + ".op", "check " + k.id() + ": operator must be >=, >, <=, < or ==, got " + k.op()));
            if (blank(k.pass()) || blank(k.fail())) p.add(new ContentProblem(at, "check " + k.id() + ": needs both a pass and a fail message"));
            ExperimentSpec spec = experiment(k.experiment());
            if (spec != null && Check.validOperator(k.op())) {
                k.exampleProblems(spec.parameters()).forEach(problem -> p.add(new ContentProblem(at + ".examples", "check " + k.id() + ": " + problem)));
            }
            for (int j = 0; j < k.appliesWhen().size(); j++) {
                Check.Precondition when = k.appliesWhen().get(j);
                if (blank(when.left()) || blank(when.right()) || !Check.validOperator(when.op()) || blank(when.otherwise())) {
                    p.add(new ContentProblem(at + ".applies_when[" + j + "]", "check " + k.id() + ": applies_when needs left, an operator, right "
                            + "and what to say otherwise"));
                }
            }
        }
        hints.forEach((step, list) -> {
            if (!guide.hasStep(step)) p.add(new ContentProblem("hints." + step, "hints for " + step + ": no such step"));
            list.stream().filter(h -> !Check.quoted(h).isEmpty())
                    .forEach(h -> p.add(new ContentProblem("hints." + step, "hints for " + step + " cannot quote figures (" + Check.quoted(h) + "): "
                            + "a hint belongs to a step, not to a run")));
        });
        solutions.keySet().forEach(step -> {
            if (!guide.hasStep(step)) p.add(new ContentProblem("solutions." + step, "solution for " + step + ": no such step"));
        });
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            if (q.experiment() != null && experiment(q.experiment()) == null) {
                p.add(new ContentProblem("questions[" + i + "].experiment", "question " + q.id() + ": no experiment " + q.experiment()));
            }
            if (q.experiment() == null && !Check.quoted(q.text()).isEmpty()) {
                p.add(new ContentProblem("questions[" + i + "].text", "question " + q.id() + " quotes figures but names no experiment"));
            }
        }
        p.addAll(classroom.problems(experiments.stream().map(ExperimentSpec::id).collect(java.util.stream.Collectors.toSet())));
        for (int i = 0; i < completion.size(); i++) {
            Criterion k = completion.get(i);
            String at = "completion[" + i + "]";
            k.checks().stream().filter(id -> check(id) == null).forEach(id -> p.add(new ContentProblem(at + ".checks", "criterion " + k.id() + ": no check " + id)));
            k.questions().stream().filter(id -> question(id) == null)
                    .forEach(id -> p.add(new ContentProblem(at + ".questions", "criterion " + k.id() + ": no question " + id)));
            if (k.checks().isEmpty() && k.questions().isEmpty()) p.add(new ContentProblem(at, "criterion " + k.id() + ": earned by nothing"));
        }
        return p;
    }

    /**
     * What names, for each experiment, must be figures it produces: every check's operands and quoted names,
     * every reference, every question's quoted names. Keyed by the path of the line that names it.
     */
    public List<FigureUse> figureUses() {
        List<FigureUse> out = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check k = checks.get(i);
            String at = "checks[" + i + "].";
            k.names().forEach((name, where) -> out.add(new FigureUse(k.experiment(), name, at + where, "check " + k.id())));
        }
        for (int i = 0; i < experiments.size(); i++) {
            ExperimentSpec e = experiments.get(i);
            for (int j = 0; j < e.references().size(); j++) {
                out.add(new FigureUse(e.id(), e.references().get(j).figure(), "experiments[" + i + "].reference[" + j + "].figure",
                        "reference '" + e.references().get(j).label() + "'"));
            }
        }
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            if (q.experiment() == null) continue;
            for (String name : Check.quoted(q.text())) out.add(new FigureUse(q.experiment(), name, "questions[" + i + "].text", "question " + q.id()));
        }
        out.addAll(classroom.figureUses());
        return out;
    }

    /** A name the content uses as a figure (or a parameter, {@code param.<name>}) of an experiment's run. */
    public record FigureUse(String experiment, String name, String path, String user) {
        public boolean parameter() {
            return name.startsWith("param.");
        }
    }

    /** Whether the experiment's content parameters fit its parameter record; what does not, at its line. */
    public List<ContentProblem> parameterProblems(String experimentId, Class<?> type) {
        for (int i = 0; i < experiments.size(); i++) {
            if (experiments.get(i).id().equals(experimentId)) return experiments.get(i).parameters().problems(type, "experiments[" + i + "].parameters");
        }
        return List.of(new ContentProblem("experiments", "no experiment " + experimentId + " in the content"));
    }

    /** The path of an experiment in lab.yaml ({@code experiments[2]}), for a problem about it. */
    public String pathOf(String experimentId) {
        for (int i = 0; i < experiments.size(); i++) if (experiments.get(i).id().equals(experimentId)) return "experiments[" + i + "]";
        return "experiments";
    }

    public ExperimentSpec experiment(String id) {
        return experiments.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
    }

    public Check check(String id) {
        return checks.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
    }

    public Question question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst().orElse(null);
    }

    public StepCheck stepCheck(String step) {
        return stepChecks.stream().filter(k -> k.step().equals(step)).findFirst().orElse(null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }
}
