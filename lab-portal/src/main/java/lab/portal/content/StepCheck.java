package lab.portal.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When a step of the guide is done, judged from evidence: the latest run of one of its blocks exited 0
 * and its output shows every {@code expect} pattern — or, for what a learner may do by hand in a
 * terminal, every {@code observe} holds on the services now; these experiments have a run that measured
 * something; these questions are answered. A step names any of these; all it names must hold.
 */
public record StepCheck(String step, String claim, String block, List<String> expect, List<Observation> observe, List<String> experiments,
                        List<String> questions) {

    /**
     * What the portal can see on a service's own port, whoever started it: it answers /ready
     * ({@code ready: true}), or its /metrics counted at least {@code at_least} (1) requests to {@code route}
     * answered {@code status}.
     */
    public record Observation(String service, Boolean ready, String route, Integer status, Integer atLeast) {
        public int least() {
            return atLeast == null ? 1 : atLeast;
        }

        /** In the learner's words: "traditional-api answers /ready", "traditional-api counted 1 request to /health answered 200". */
        public String describe() {
            String name = "ml".equals(service) ? "ml-api" : "traditional-api";
            return Boolean.TRUE.equals(ready) ? name + " answers /ready on its port"
                    : name + " counted " + least() + " request(s) to " + route + " answered " + status;
        }
    }

    public StepCheck {
        expect = expect == null ? List.of() : List.copyOf(expect);
        observe = observe == null ? List.of() : List.copyOf(observe);
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        questions = questions == null ? List.of() : List.copyOf(questions);
    }

    /** The same check for the step with this id (the YAML gives the id as the key). */
    StepCheck named(String id) {
        return new StepCheck(id, claim, block, expect, observe, experiments, questions);
    }

    public List<Pattern> patterns() {
        return expect.stream().map(e -> Pattern.compile(e, Pattern.MULTILINE)).toList();
    }

    List<ContentProblem> problems(LabContent lab) {
        List<ContentProblem> p = new ArrayList<>();
        String where = "steps." + step;
        if (!lab.guide().hasStep(step)) p.add(new ContentProblem(where, where + ": no such step in the guide"));
        if (claim == null || claim.isBlank()) p.add(new ContentProblem(where, where + ": needs a claim"));
        if (block == null && observe.isEmpty() && experiments.isEmpty() && questions.isEmpty()) {
            p.add(new ContentProblem(where, where + ": judged on nothing (give a block, experiments or questions)"));
        }
        if (block != null && lab.guide().block(block).filter(b -> b.step().equals(step)).isEmpty()) {
            p.add(new ContentProblem(where + ".block", where + ": no bash block " + block + " in " + step));
        }
        if (block == null && !expect.isEmpty()) p.add(new ContentProblem(where + ".expect", where + ": expect needs a block"));
        for (int i = 0; i < expect.size(); i++) {
            try {
                Pattern.compile(expect.get(i));
            } catch (PatternSyntaxException bad) {
                p.add(new ContentProblem(where + ".expect[" + i + "]", where + ": expect '" + expect.get(i) + "' is not a regular expression: "
                        + bad.getDescription()));
            }
        }
        for (int i = 0; i < observe.size(); i++) {
            Observation o = observe.get(i);
            String at = where + ".observe[" + i + "]";
            if (!"ml".equals(o.service()) && !"traditional".equals(o.service())) {
                p.add(new ContentProblem(at, where + ": observe names service '" + o.service() + "'; there are traditional and ml"));
            }
            boolean byRoute = o.route() != null && o.status() != null;
            if (Boolean.TRUE.equals(o.ready()) == byRoute) {
                p.add(new ContentProblem(at, where + ": observe needs either ready: true, or a route and a status"));
            }
        }
        for (int i = 0; i < experiments.size(); i++) {
            if (lab.experiment(experiments.get(i)) == null) {
                p.add(new ContentProblem(where + ".experiments[" + i + "]", where + ": no experiment " + experiments.get(i)));
            }
        }
        for (int i = 0; i < questions.size(); i++) {
            if (lab.question(questions.get(i)) == null) p.add(new ContentProblem(where + ".questions[" + i + "]", where + ": no question " + questions.get(i)));
        }
        return p;
    }
}
