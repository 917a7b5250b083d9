package lab.portal.progress;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.portal.content.Check;
import lab.portal.content.LabContent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The completion checklist: a criterion is ticked only when every check it names passed in the
 * learner's latest run of that check's experiment and every question it names has an answer. Each
 * tick lists the evidence it rests on, so the page can link to it.
 */
public final class Checklist {
    /** One piece of evidence behind a tick: a check result or an answered question. */
    public record Evidence(String kind, String id, boolean satisfied, String detail) {
        /** ok, failed (a check that ran and was not met) or missing (not run or not answered yet). */
        public String state() {
            if (satisfied) return "ok";
            return kind.equals("check") && !detail.startsWith(NOT_RUN) ? "failed" : "missing";
        }
    }

    private static final String NOT_RUN = "not run yet";

    public record Tick(String criterionId, String title, boolean earned, List<Evidence> evidence) {
        public JsonObject toJson() {
            JsonArray ev = new JsonArray();
            evidence.forEach(e -> ev.add(new JsonObject().add("kind", e.kind()).add("id", e.id())
                    .add("satisfied", e.satisfied()).add("state", e.state()).add("detail", e.detail())));
            return new JsonObject().add("criterion", criterionId).add("title", title).add("earned", earned).add("evidence", ev);
        }
    }

    private Checklist() {
    }

    public static List<Tick> evaluate(LabContent lab, Map<String, Check.Result> latestResults, Map<String, String> answers) {
        List<Tick> ticks = new ArrayList<>();
        for (LabContent.Criterion c : lab.completion()) {
            List<Evidence> evidence = new ArrayList<>();
            for (String checkId : c.checks()) {
                Check.Result r = latestResults.get(checkId);
                evidence.add(new Evidence("check", checkId, r != null && r.passed(),
                        r == null ? NOT_RUN + ": run experiment '" + lab.check(checkId).experiment() + "'" : r.message()));
            }
            for (String questionId : c.questions()) {
                String a = answers.get(questionId);
                boolean answered = a != null && !a.isBlank();
                evidence.add(new Evidence("question", questionId, answered, answered ? "answered" : "not answered yet"));
            }
            ticks.add(new Tick(c.id(), c.title(), evidence.stream().allMatch(Evidence::satisfied), List.copyOf(evidence)));
        }
        return ticks;
    }
}
