package lab.portal.content;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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
 * experiments, checks, hints, solutions, reflection questions and completion criteria. Loading checks
 * every reference and reports all problems at once.
 */
public record LabContent(String title, Guide guide, List<ExperimentSpec> experiments, List<Check> checks,
                         Map<String, List<String>> hints, Map<String, String> solutions, List<Question> questions,
                         List<Criterion> completion, List<StepCheck> stepChecks, Runner runner, Map<String, String> panels) {

    /** The panels the page can place in a step (the cleanup button, the Kubernetes settings), by name. */
    public static final List<String> PANELS = List.of("cleanup", "kubernetes");

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
    public record Reference(String label, String claim, String figure, String unit) {
    }

    /** How guide blocks run: stopped after {@code timeout}; the last {@code outputKib} KiB of output kept. */
    public record Runner(Duration timeout, int outputKib) {
    }

    /** A reflection question; with an experiment, its text may quote that run's figures ({name}). */
    public record Question(String id, String text, String experiment) {
    }

    /** A completion tick: earned by passing these checks and answering these questions. */
    public record Criterion(String id, String title, List<String> checks, List<String> questions) {
    }

    /** Content that does not hold together, with every problem found. */
    public static final class InvalidContent extends IOException {
        public InvalidContent(List<String> problems) {
            super("content/lab.yaml has " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    public static LabContent load(Path labYaml) throws IOException {
        Map<String, Object> root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(labYaml));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IOException(labYaml + " is not valid YAML: " + e.getMessage(), e);
        }
        Path guidePath = labYaml.getParent().resolve(string(root, "guide", "../setup.md")).normalize();
        Guide guide = Guide.parse(Files.readString(guidePath));
        LabContent c = new LabContent(string(root, "title", "Lab"), guide,
                list(root, "experiments").stream().map(LabContent::experiment).toList(),
                list(root, "checks").stream().map(LabContent::check).toList(),
                hints(root), solutions(root),
                list(root, "questions").stream().map(q -> new Question(string(q, "id", ""), string(q, "text", ""),
                        string(q, "experiment", null))).toList(),
                list(root, "completion").stream().map(k -> new Criterion(string(k, "id", ""), string(k, "title", ""),
                        strings(k.get("checks")), strings(k.get("questions")))).toList(),
                stepChecks(root), runner(root), strings(map(root, "panels")));
        List<String> problems = c.problems();
        if (!problems.isEmpty()) throw new InvalidContent(problems);
        return c;
    }

    /** Every reference that does not resolve, every operator that is not one, every empty message. */
    List<String> problems() {
        List<String> p = new ArrayList<>();
        for (ExperimentSpec e : experiments) {
            if (!guide.hasStep(e.step())) p.add("experiment " + e.id() + ": no step " + e.step() + " in the guide");
            e.parameters().editable().forEach((name, r) -> {
                Object v = e.parameters().values().get(name);
                if (!(v instanceof Number n)) p.add("experiment " + e.id() + ": editable '" + name + "' has no number among its parameters");
                else if (r.min() > r.max() || n.doubleValue() < r.min() || n.doubleValue() > r.max()) {
                    p.add("experiment " + e.id() + ": editable '" + name + "' needs min <= " + v + " <= max");
                }
            });
            e.references().stream().filter(r -> r.figure().isBlank() || r.claim().isBlank())
                    .forEach(r -> p.add("experiment " + e.id() + ": reference '" + r.label() + "' needs a figure and a claim"));
        }
        for (StepCheck k : stepChecks) p.addAll(k.problems(this));
        panels.forEach((panel, step) -> {
            if (!PANELS.contains(panel)) p.add("panels." + panel + ": no such panel (there are " + PANELS + ")");
            if (!guide.hasStep(step)) p.add("panels." + panel + ": no step " + step + " in the guide");
        });
        guide.steps().stream().filter(s -> stepCheck(s.id()) == null)
                .forEach(s -> p.add("steps." + s.id() + ": every step needs a completion check (" + s.title() + ")"));
        for (Check k : checks) {
            if (experiment(k.experiment()) == null) p.add("check " + k.id() + ": no experiment " + k.experiment());
            if (!Check.validOperator(k.op())) p.add("check " + k.id() + ": operator must be >=, >, <=, < or ==, got " + k.op());
            if (k.pass().isBlank() || k.fail().isBlank()) p.add("check " + k.id() + ": needs both a pass and a fail message");
        }
        hints.keySet().forEach(step -> {
            if (!guide.hasStep(step)) p.add("hints for " + step + ": no such step");
        });
        solutions.keySet().forEach(step -> {
            if (!guide.hasStep(step)) p.add("solution for " + step + ": no such step");
        });
        for (Question q : questions) {
            if (q.experiment() != null && experiment(q.experiment()) == null) p.add("question " + q.id() + ": no experiment " + q.experiment());
        }
        for (Criterion k : completion) {
            k.checks().stream().filter(id -> check(id) == null).forEach(id -> p.add("criterion " + k.id() + ": no check " + id));
            k.questions().stream().filter(id -> question(id) == null).forEach(id -> p.add("criterion " + k.id() + ": no question " + id));
            if (k.checks().isEmpty() && k.questions().isEmpty()) p.add("criterion " + k.id() + ": earned by nothing");
        }
        return p;
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

    private static ExperimentSpec experiment(Map<String, Object> m) {
        Map<String, Object> parameters = new LinkedHashMap<>(map(m, "parameters"));
        Map<String, Parameters.Range> editable = new LinkedHashMap<>();
        map(m, "editable").forEach((name, range) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = range instanceof Map ? (Map<String, Object>) range : Map.of();
            editable.put(name, new Parameters.Range(number(r, "min"), number(r, "max"), string(r, "label", name)));
        });
        String id = string(m, "id", "");
        List<Reference> references = list(m, "reference").stream().map(r -> new Reference(string(r, "label", ""), string(r, "claim", ""),
                string(r, "figure", ""), string(r, "unit", ""))).toList();
        return new ExperimentSpec(id, string(m, "title", ""), string(m, "step", ""), new Parameters(id, parameters, editable), references);
    }

    private static List<StepCheck> stepChecks(Map<String, Object> root) {
        List<StepCheck> out = new ArrayList<>();
        map(root, "steps").forEach((step, v) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> k = v instanceof Map ? (Map<String, Object>) v : Map.of();
            out.add(new StepCheck(step, string(k, "claim", ""), string(k, "block", null), strings(k.get("expect")),
                    strings(k.get("experiments")), strings(k.get("questions"))));
        });
        return List.copyOf(out);
    }

    private static Runner runner(Map<String, Object> root) {
        Map<String, Object> r = map(root, "runner");
        return new Runner(Duration.ofSeconds(r.get("timeout_seconds") instanceof Number n ? n.longValue() : 120),
                r.get("output_kib") instanceof Number n ? n.intValue() : 64);
    }

    public StepCheck stepCheck(String step) {
        return stepChecks.stream().filter(k -> k.step().equals(step)).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static double number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Check check(Map<String, Object> m) {
        Object factor = m.get("factor");
        return new Check(string(m, "id", ""), string(m, "experiment", ""), string(m, "claim", ""), string(m, "left", ""),
                string(m, "op", ""), factor == null ? 1 : ((Number) factor).doubleValue(), String.valueOf(m.get("right")),
                string(m, "pass", ""), string(m, "fail", ""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> hints(Map<String, Object> root) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Object h = root.get("hints");
        if (h instanceof Map) ((Map<String, Object>) h).forEach((step, list) -> out.put(step, strings(list)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> solutions(Map<String, Object> root) {
        Map<String, String> out = new LinkedHashMap<>();
        Object s = root.get("solutions");
        if (s instanceof Map) ((Map<String, Object>) s).forEach((step, text) -> out.put(step, String.valueOf(text)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List ? (List<Map<String, Object>>) v : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return v instanceof List ? ((List<Object>) v).stream().map(String::valueOf).toList() : List.of();
    }

    private static String string(Map<String, Object> m, String key, String fallback) {
        Object v = m.get(key);
        return v == null ? fallback : String.valueOf(v);
    }
}
