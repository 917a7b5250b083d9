package lab.portal.guide;

import lab.portal.content.Check;
import lab.portal.content.GuideStep;
import lab.portal.content.LabContent;
import lab.portal.content.Parameters;
import lab.portal.progress.StoredRun;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the lab page renders once on the server: the guide's steps with their experiment cards, hints and
 * solutions, and the reflection questions (quoting the learner's own figures). Everything that changes
 * while the page is open (runs, checklist, counts, the model) is drawn by the page's scripts from one
 * JSON state, the same shapes the API and /live carry.
 */
public record LabPage(List<Step> steps, List<Question> questions, int minutes) {

    /** A step with its experiment cards, hints, solution, and the claim its completion check makes. */
    public record Step(GuideStep guide, List<ExperimentCard> experiments, List<String> hints, String solution, String claim) {
    }

    /**
     * An experiment card: the parameters the learner may change (with their ranges) and the fixed ones, the
     * claims its checks make, the original lab's stated figures, and what a run stops first and puts back.
     */
    public record ExperimentCard(String id, String title, List<Parameters.Shown> editable, List<Parameters.Shown> fixed, List<Check> checks,
                                 List<LabContent.Reference> references, List<String> beforeRun) {
    }

    public record Question(String id, String text, String answer) {
    }

    private static final Pattern FIGURE = Pattern.compile("\\{([a-z0-9_.]+)}");

    public static LabPage of(LabContent lab, Map<String, List<String>> beforeRun, Map<String, StoredRun> latestMeasured, Map<String, String> answers) {
        List<Step> steps = lab.guide().steps().stream().map(s -> new Step(s,
                lab.experiments().stream().filter(e -> e.step().equals(s.id())).map(e -> card(lab, e, beforeRun.getOrDefault(e.id(), List.of()))).toList(),
                lab.hints().getOrDefault(s.id(), List.of()), lab.solutions().get(s.id()),
                lab.stepCheck(s.id()) == null ? "" : lab.stepCheck(s.id()).claim())).toList();
        List<Question> questions = lab.questions().stream().map(q -> new Question(q.id(),
                fill(q.text(), q.experiment() == null ? null : latestMeasured.get(q.experiment())), answers.getOrDefault(q.id(), ""))).toList();
        return new LabPage(steps, questions, lab.guide().totalMinutes());
    }

    private static ExperimentCard card(LabContent lab, LabContent.ExperimentSpec e, List<String> beforeRun) {
        List<Parameters.Shown> shown = e.parameters().shown();
        return new ExperimentCard(e.id(), e.title(), shown.stream().filter(Parameters.Shown::editable).toList(),
                shown.stream().filter(p -> !p.editable()).toList(), lab.checks().stream().filter(k -> k.experiment().equals(e.id())).toList(),
                e.references(), beforeRun);
    }

    /** A question's {figure} placeholders, from the learner's latest run of its experiment. */
    static String fill(String text, StoredRun run) {
        Matcher m = FIGURE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Double v = run == null ? null : run.evidence().figure(m.group(1));
            String shown = v == null ? "[run the experiment to see your figure]" : Check.format(v);
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        m.appendTail(out);
        return out.toString();
    }
}
