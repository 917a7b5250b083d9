package lab.portal.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When a step of the guide is done, judged from evidence: the latest run of one of its blocks exited 0
 * and its output shows every {@code expect} pattern; these experiments have a run that measured
 * something; these questions are answered. A step names any of the three; all it names must hold.
 */
public record StepCheck(String step, String claim, String block, List<String> expect, List<String> experiments,
                        List<String> questions) {

    public StepCheck {
        expect = expect == null ? List.of() : List.copyOf(expect);
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        questions = questions == null ? List.of() : List.copyOf(questions);
    }

    /** The same check for the step with this id (the YAML gives the id as the key). */
    StepCheck named(String id) {
        return new StepCheck(id, claim, block, expect, experiments, questions);
    }

    public List<Pattern> patterns() {
        return expect.stream().map(e -> Pattern.compile(e, Pattern.MULTILINE)).toList();
    }

    List<ContentProblem> problems(LabContent lab) {
        List<ContentProblem> p = new ArrayList<>();
        String where = "steps." + step;
        if (!lab.guide().hasStep(step)) p.add(new ContentProblem(where, where + ": no such step in the guide"));
        if (claim == null || claim.isBlank()) p.add(new ContentProblem(where, where + ": needs a claim"));
        if (block == null && experiments.isEmpty() && questions.isEmpty()) {
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
