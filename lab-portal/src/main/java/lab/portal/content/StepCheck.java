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
        expect = List.copyOf(expect);
        experiments = List.copyOf(experiments);
        questions = List.copyOf(questions);
    }

    public List<Pattern> patterns() {
        return expect.stream().map(e -> Pattern.compile(e, Pattern.MULTILINE)).toList();
    }

    List<String> problems(LabContent lab) {
        List<String> p = new ArrayList<>();
        String where = "steps." + step;
        if (!lab.guide().hasStep(step)) p.add(where + ": no such step in the guide");
        if (claim.isBlank()) p.add(where + ": needs a claim");
        if (block == null && experiments.isEmpty() && questions.isEmpty()) p.add(where + ": judged on nothing (give a block, experiments or questions)");
        if (block != null && lab.guide().block(block).filter(b -> b.step().equals(step)).isEmpty()) {
            p.add(where + ": no bash block " + block + " in " + step);
        }
        if (block == null && !expect.isEmpty()) p.add(where + ": expect needs a block");
        for (String e : expect) {
            try {
                Pattern.compile(e);
            } catch (PatternSyntaxException bad) {
                p.add(where + ": expect '" + e + "' is not a regular expression: " + bad.getDescription());
            }
        }
        experiments.stream().filter(e -> lab.experiment(e) == null).forEach(e -> p.add(where + ": no experiment " + e));
        questions.stream().filter(q -> lab.question(q) == null).forEach(q -> p.add(where + ": no question " + q));
        return p;
    }
}
