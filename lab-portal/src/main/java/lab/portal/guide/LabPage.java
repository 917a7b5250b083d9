package lab.portal.guide;

import lab.portal.content.Check;
import lab.portal.content.GuideStep;
import lab.portal.content.LabContent;
import lab.portal.progress.Checklist;
import lab.portal.progress.StoredRun;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the lab page shows, assembled from the content and the learner's stored progress: the guide's
 * steps with their experiments, hints and solutions, the reflection questions (quoting the learner's
 * own figures), and the checklist with a link to each tick's evidence.
 */
public record LabPage(List<Step> steps, List<Question> questions, List<Tick> checklist, int minutes, int experimentsPassed,
                      int experimentsTotal, int answered, int earned) {

    public record Step(GuideStep guide, List<Experiment> experiments, List<String> hints, String solution) {
    }

    /** An experiment card: its parameters, checks and the latest run (as JSON for the chart), if any. */
    public record Experiment(String id, String title, Map<String, Object> parameters, List<Check> checks, StoredRun latest,
                             String latestJson) {
        public String status() {
            return latest == null ? "NOT_RUN" : latest.status().name();
        }

        public Check.Result result(String checkId) {
            return latest == null ? null : latest.checks().stream().filter(c -> c.checkId().equals(checkId)).findFirst().orElse(null);
        }
    }

    public record Question(String id, String text, String answer) {
    }

    /** One piece of a tick's evidence with where it lives on the page. */
    public record Link(Checklist.Evidence evidence, String href) {
        public String state() {
            return evidence.state();
        }
    }

    public record Tick(Checklist.Tick tick, List<Link> links) {
    }

    private static final Pattern FIGURE = Pattern.compile("\\{([a-z0-9_.]+)}");

    public static LabPage of(LabContent lab, Map<String, StoredRun> latest, Map<String, StoredRun> latestMeasured,
                             Map<String, String> answers, List<Checklist.Tick> ticks) {
        List<Step> steps = lab.guide().steps().stream().map(s -> new Step(s,
                lab.experiments().stream().filter(e -> e.step().equals(s.id())).map(e -> experiment(lab, e, latest.get(e.id()))).toList(),
                lab.hints().getOrDefault(s.id(), List.of()), lab.solutions().get(s.id()))).toList();
        List<Question> questions = lab.questions().stream().map(q -> new Question(q.id(),
                fill(q.text(), q.experiment() == null ? null : latestMeasured.get(q.experiment())), answers.getOrDefault(q.id(), ""))).toList();
        List<Tick> checklist = ticks.stream().map(t -> new Tick(t, t.evidence().stream().map(e -> new Link(e,
                e.kind().equals("check") ? "#experiment-" + lab.check(e.id()).experiment() : "#question-" + e.id())).toList())).toList();
        int passed = (int) lab.experiments().stream().filter(e -> latestMeasured.containsKey(e.id())
                && latestMeasured.get(e.id()).checks().stream().allMatch(Check.Result::passed)).count();
        int answered = (int) questions.stream().filter(q -> !q.answer().isBlank()).count();
        int earned = (int) ticks.stream().filter(Checklist.Tick::earned).count();
        return new LabPage(steps, questions, checklist, lab.guide().totalMinutes(), passed, lab.experiments().size(), answered, earned);
    }

    private static Experiment experiment(LabContent lab, LabContent.Experiment e, StoredRun run) {
        List<Check> checks = lab.checks().stream().filter(k -> k.experiment().equals(e.id())).toList();
        return new Experiment(e.id(), e.title(), e.parameters(), checks, run, run == null ? "" : run.toJson().toString());
    }

    /** A question's {figure} placeholders, from the learner's latest run of its experiment. */
    static String fill(String text, StoredRun run) {
        Matcher m = FIGURE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Double v = run == null ? null : run.evidence().figures().get(m.group(1));
            String shown = v == null || v.isNaN() ? "[run the experiment to see your figure]" : Check.format(v);
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        m.appendTail(out);
        return out.toString();
    }
}
