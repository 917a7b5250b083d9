package lab.portal.progress;

import lab.portal.content.Check;
import lab.portal.content.LabContent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checklist is earned by evidence only, and a report survives export and import unchanged. */
class ProgressTest {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));

    @Test
    void aTickNeedsEveryCheckPassedAndEveryQuestionAnswered() throws Exception {
        LabContent lab = LabContent.load(REPO.resolve("content/lab.yaml"));
        Map<String, Double> figures = Map.of("ml.ready_s.median", 2.4, "traditional.ready_s.median", 0.4);
        Map<String, Check.Result> results = new HashMap<>(Map.of("ml-ready-3x-slower", lab.check("ml-ready-3x-slower").evaluate(figures)));
        Map<String, String> answers = new HashMap<>(Map.of("cold-start-stakeholder", "Like opening a shop whose staff arrive late."));
        Checklist.Tick startup = tick(Checklist.evaluate(lab, results, answers), "explain-startup");
        assertFalse(startup.earned(), "one question is still unanswered");
        assertTrue(startup.evidence().stream().anyMatch(e -> e.id().equals("startup-numbers") && e.detail().equals("not answered yet")));
        answers.put("startup-numbers", "model_load took most of it.");
        assertTrue(tick(Checklist.evaluate(lab, results, answers), "explain-startup").earned());
        Checklist.Tick memory = tick(Checklist.evaluate(lab, results, answers), "memory-patterns");
        assertTrue(memory.evidence().stream().anyMatch(e -> e.detail().contains("not run yet: run experiment 'resources'")));
    }

    @Test
    void theReportRoundTripsThroughJsonAndReadsAsMarkdown() throws Exception {
        LabContent lab = LabContent.load(REPO.resolve("content/lab.yaml"));
        Map<String, Double> figures = new HashMap<>(Map.of("ml.ready_s.median", 2.4, "traditional.ready_s.median", 0.4, "ml.saturation_rps", Double.NaN));
        Check.Result r = lab.check("ml-ready-3x-slower").evaluate(figures);
        Map<String, String> answers = Map.of("probes", "liveness → /health, readiness → /ready");
        LabReport report = new LabReport(new LabReport.Environment("local processes", "feedback-minilm-l6 (offline) 1.0", 2,
                24L << 30, "17.0.15", "2026-11-27T17:00:00Z"),
                List.of(new LabReport.ExperimentRun("startup", "2026-11-27T16:59:00Z", figures, List.of(r))),
                answers, Checklist.evaluate(lab, Map.of(r.checkId(), r), answers));
        LabReport back = LabReport.fromJson(report.toJson());
        assertEquals(report.environment(), back.environment());
        assertEquals(report.answers(), back.answers());
        assertEquals(report.checklist(), back.checklist());
        assertEquals(2.4, back.runs().get(0).figures().get("ml.ready_s.median"));
        assertTrue(back.runs().get(0).figures().get("ml.saturation_rps").isNaN(), "an unmeasured figure stays unmeasured");
        assertEquals(r.message(), back.runs().get(0).checks().get(0).message());
        String md = report.toMarkdown();
        assertTrue(md.contains("- [ ] Explain the start-up differences") && md.contains("PASS ml-ready-3x-slower"), md);
        assertThrows(IllegalArgumentException.class, () -> LabReport.fromJson("{\"format\":\"something else\"}"));
    }

    private static Checklist.Tick tick(List<Checklist.Tick> ticks, String id) {
        return ticks.stream().filter(t -> t.criterionId().equals(id)).findFirst().orElseThrow();
    }
}
