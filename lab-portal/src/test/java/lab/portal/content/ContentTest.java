package lab.portal.content;

import lab.portal.LabFixture;
import lab.portal.experiment.ExperimentCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The repository's own content/lab.yaml and setup.md: every reference resolves, every step renders. */
class ContentTest {

    @Test
    void theLabHoldsTogether() {
        LabContent lab = LabFixture.content();
        assertThat(lab.guide().steps()).isNotEmpty();
        assertThat(lab.checks()).isNotEmpty();
        assertThat(lab.completion()).as("the original lab's five success criteria, probes split out").hasSize(6);
        assertThat(lab.questions()).anyMatch(q -> q.text().startsWith("How would you explain the cold start problem"));
        for (GuideStep step : lab.guide().steps()) {
            assertThat(step.id()).matches("step-\\d+");
            assertThat(step.html()).as(step.id() + " renders").isNotBlank()
                    .as("the duration line is taken out of the body: " + step.id()).doesNotContain("Duration:");
            if (step.markdown().contains("```")) {
                assertThat(step.html()).as(step.id() + "'s code blocks render as code (for copy buttons)").contains("<pre><code");
            }
        }
        assertThat(lab.guide().totalMinutes()).as("the steps' durations add up").isGreaterThanOrEqualTo(30);
    }

    @Test
    void everyExperimentInTheContentHasCodeThatMeasuresIt() {
        var known = new ExperimentCatalog().ids();
        for (LabContent.ExperimentSpec e : LabFixture.content().experiments()) {
            assertThat(known).as("experiment " + e.id() + " in content/lab.yaml has code").contains(e.id());
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
        assertThatThrownBy(() -> LabContent.load(dir.resolve("lab.yaml"))).isInstanceOf(LabContent.InvalidContent.class)
                .hasMessageContainingAll("no step step-9", "no experiment nope", "operator must be", "pass and a fail",
                        "no check c9", "no question q9", "earned by nothing");
        Files.writeString(dir.resolve("lab.yaml"), "questions: [{id: q1, text: Why?}]\n");
        assertThatThrownBy(() -> LabContent.load(dir.resolve("lab.yaml"))).isInstanceOf(IOException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void aCheckSaysWhatWasMeasuredAndWhatWasExpected() {
        Check ready = LabFixture.content().check("ml-ready-3x-slower");
        Check.Result pass = ready.evaluate(Map.of("ml.ready_s.median", 2.4, "traditional.ready_s.median", 0.3));
        assertThat(pass.passed()).isTrue();
        assertThat(pass.message()).isEqualTo("ml-api was ready after 2.40 s (median), 8× traditional-api's 0.30 s.");
        Check.Result fail = ready.evaluate(Map.of("ml.ready_s.median", 0.6, "traditional.ready_s.median", 0.3));
        assertThat(fail.passed()).isFalse();
        assertThat(fail.message()).contains("only 2", "expected at least 3×");
        Map<String, Double> unmeasured = new HashMap<>(Map.of("ml.ready_s.median", 2.4));
        unmeasured.put("traditional.ready_s.median", null);
        Check.Result missing = ready.evaluate(unmeasured);
        assertThat(missing.passed()).isFalse();
        assertThat(missing.message()).contains("Not measured", "traditional.ready_s.median");
    }

    @Test
    void parametersComeOnlyFromTheContentAndSayWhatIsWrong() {
        Parameters p = new Parameters("load", Map.of("rate", "fast", "rates", List.of(10, 20.5)));
        assertThatThrownBy(() -> p.number("rate")).hasMessageContainingAll("experiment load", "rate", "fast");
        assertThat(p.numbers("rates")).containsExactly(10.0, 20.5);
        assertThatThrownBy(() -> p.integer("repetitions")).as("no default in code: a missing parameter is named")
                .hasMessageContainingAll("parameter 'repetitions' is missing");
    }
}
