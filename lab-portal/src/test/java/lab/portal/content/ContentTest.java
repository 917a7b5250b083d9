package lab.portal.content;

import lab.portal.experiment.ExperimentCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repository's own content/lab.yaml and setup.md: every reference resolves, every step renders. */
class ContentTest {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", ".."));

    @Test
    void theLabHoldsTogether() throws IOException {
        LabContent lab = LabContent.load(REPO.resolve("content/lab.yaml"));
        assertFalse(lab.guide().steps().isEmpty());
        assertFalse(lab.checks().isEmpty());
        assertEquals(6, lab.completion().size(), "the original lab's five success criteria, probes split out");
        assertTrue(lab.questions().stream().anyMatch(q -> q.text().startsWith("How would you explain the cold start problem")));
        for (GuideStep step : lab.guide().steps()) {
            assertTrue(step.id().matches("step-\\d+"), step.id());
            assertFalse(step.html().isBlank(), step.id() + " renders");
            assertFalse(step.html().contains("Duration:"), "the duration line is taken out of the body: " + step.id());
            if (step.markdown().contains("```")) {
                assertTrue(step.html().contains("<pre><code"), step.id() + "'s code blocks render as code (for copy buttons)");
            }
        }
        assertTrue(lab.guide().totalMinutes() >= 30, "the steps' durations add up: " + lab.guide().totalMinutes());
    }

    @Test
    void everyExperimentInTheContentHasCodeThatMeasuresIt() throws IOException {
        LabContent lab = LabContent.load(REPO.resolve("content/lab.yaml"));
        var known = new ExperimentCatalog(Duration.ofSeconds(1)).known();
        for (LabContent.Experiment e : lab.experiments()) {
            assertTrue(known.contains(e.id()), "experiment " + e.id() + " in content/lab.yaml has no code; known: " + known);
        }
    }

    @Test
    void brokenReferencesAreAllReported() throws IOException {
        Path dir = Files.createTempDirectory("content");
        Files.writeString(dir.resolve("guide.md"), "# Lab\n\n## Step 1 — Only step\nDuration: 5 min\n\nText.\n");
        Files.writeString(dir.resolve("lab.yaml"), String.join("\n",
                "guide: guide.md",
                "experiments: [{id: e1, title: E, step: step-9}]",
                "checks: [{id: c1, experiment: nope, left: a, op: '=>', right: b, pass: ok, fail: ''}]",
                "questions: [{id: q1, text: Why}]",
                "completion: [{id: k1, title: K, checks: [c9], questions: [q9]}, {id: k2, title: Nothing}]", ""));
        LabContent.InvalidContent e = assertThrows(LabContent.InvalidContent.class, () -> LabContent.load(dir.resolve("lab.yaml")));
        for (String expected : new String[]{"no step step-9", "no experiment nope", "operator must be", "pass and a fail",
                "no check c9", "no question q9", "earned by nothing"}) {
            assertTrue(e.getMessage().contains(expected), expected + " in: " + e.getMessage());
        }
        Files.writeString(dir.resolve("lab.yaml"), "questions: [{id: q1, text: Why?}]\n");
        IOException notYaml = assertThrows(IOException.class, () -> LabContent.load(dir.resolve("lab.yaml")));
        assertTrue(notYaml.getMessage().contains("not valid YAML"), notYaml.getMessage());
    }

    @Test
    void aCheckSaysWhatWasMeasuredAndWhatWasExpected() throws IOException {
        Check ready = LabContent.load(REPO.resolve("content/lab.yaml")).check("ml-ready-3x-slower");
        Check.Result pass = ready.evaluate(Map.of("ml.ready_s.median", 2.4, "traditional.ready_s.median", 0.3));
        assertTrue(pass.passed());
        assertEquals("ml-api was ready after 2.40 s (median), 8× traditional-api's 0.30 s.", pass.message());
        Check.Result fail = ready.evaluate(Map.of("ml.ready_s.median", 0.6, "traditional.ready_s.median", 0.3));
        assertFalse(fail.passed());
        assertTrue(fail.message().contains("only 2") && fail.message().contains("expected at least 3×"), fail.message());
        Check.Result missing = ready.evaluate(Map.of("ml.ready_s.median", 2.4));
        assertFalse(missing.passed());
        assertTrue(missing.message().contains("Not measured") && missing.message().contains("traditional.ready_s.median"));
    }
}
