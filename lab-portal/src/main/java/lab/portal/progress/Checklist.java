package lab.portal.progress;

import lab.portal.content.Check;
import lab.portal.content.LabContent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The completion checklist: a criterion is ticked only when every check it names passed in the
 * learner's latest run of that check's experiment and every question it names has an answer. Each tick
 * lists what it rests on, with where that lives on the page.
 */
public final class Checklist {
    private static final String NOT_RUN = "not run yet";

    /** One thing a tick rests on: a check result or an answered question, and where it is on the page. */
    public record Item(String kind, String id, boolean satisfied, String state, String detail, String href) {
    }

    public record Tick(String criterion, String title, boolean earned, List<Item> items) {
    }

    private Checklist() {
    }

    public static List<Tick> evaluate(LabContent lab, Map<String, Check.Result> latestResults, Map<String, String> answers) {
        List<Tick> ticks = new ArrayList<>();
        for (LabContent.Criterion c : lab.completion()) {
            List<Item> items = new ArrayList<>();
            for (String checkId : c.checks()) {
                Check.Result r = latestResults.get(checkId);
                String experiment = lab.check(checkId).experiment();
                boolean ok = r != null && r.passed();
                // ok; failed: a check that ran and was not met; missing: not run yet
                String state = ok ? "ok" : r == null ? "missing" : "failed";
                items.add(new Item("check", checkId, ok, state, r == null ? NOT_RUN + ": run experiment '" + experiment + "'" : r.message(),
                        "#experiment-" + experiment));
            }
            for (String questionId : c.questions()) {
                String a = answers.get(questionId);
                boolean answered = a != null && !a.isBlank();
                items.add(new Item("question", questionId, answered, answered ? "ok" : "missing",
                        answered ? "answered" : "not answered yet", "#question-" + questionId));
            }
            ticks.add(new Tick(c.id(), c.title(), items.stream().allMatch(Item::satisfied), List.copyOf(items)));
        }
        return ticks;
    }
}
