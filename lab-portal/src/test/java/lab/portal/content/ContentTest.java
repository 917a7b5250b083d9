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
import static org.assertj.core.api.Assertions.tuple;

/** The repository's own content/lab.yaml and setup.md: every reference resolves, every step renders. */
class ContentTest {

    @Test
    void theLabHoldsTogether() {
        LabContent lab = LabFixture.content();
        assertThat(lab.guide().steps()).isNotEmpty();
        assertThat(lab.checks()).isNotEmpty();
        assertThat(lab.completion()).as("the original lab's five success criteria, probes and model caching split out").hasSize(7);
        assertThat(lab.stepChecks()).as("every step has its completion check").hasSameSizeAs(lab.guide().steps());
        assertThat(lab.panels()).as("the panels are placed in steps").containsOnlyKeys(LabContent.PANELS);
        assertThat(lab.questions()).anyMatch(q -> q.text().startsWith("How would you explain the cold start problem"));
        for (GuideStep step : lab.guide().steps()) {
            assertThat(step.id()).matches("step-\\d+");
            assertThat(step.html()).as(step.id() + " renders").isNotBlank()
                    .as("the duration line is taken out of the body: " + step.id()).doesNotContain("Duration:");
            if (step.markdown().contains("```")) {
                assertThat(step.html()).as(step.id() + "'s code blocks render as code (for copy buttons)").containsPattern("<pre( data-block=\"step-\\d+-\\d+\")?><code");
            }
        }
        assertThat(lab.guide().totalMinutes()).as("the steps' durations add up").isGreaterThanOrEqualTo(30);
    }

    @Test
    void everyExperimentInTheContentHasCodeThatMeasuresIt() {
        var known = LabFixture.catalog().ids();
        for (LabContent.ExperimentSpec e : LabFixture.content().experiments()) {
            assertThat(known).as("experiment " + e.id() + " in content/lab.yaml has code").contains(e.id());
        }
        assertThat(LabFixture.catalog().problems(LabFixture.content()))
                .as("every parameter and every figure the content names is one the code declares").isEmpty();
    }

    /**
     * For every experiment: a figure its checks, references or questions name, renamed in a copy of the
     * repository's lab.yaml, stops the portal with the line that names it (the code declares what each
     * experiment produces; the content cannot drift from it unnoticed).
     */
    @Test
    void aFigureRenamedInTheContentStopsThePortalWithItsLine() throws IOException {
        Path repoContent = LabFixture.REPO.resolve("content/lab.yaml");
        String yaml = Files.readString(repoContent);
        ExperimentCatalog catalog = LabFixture.catalog();
        for (LabContent.ExperimentSpec e : LabFixture.content().experiments()) {
            LabContent.FigureUse use = LabFixture.content().figureUses().stream().filter(u -> u.experiment().equals(e.id()) && !u.parameter())
                    .findFirst().orElseThrow(() -> new AssertionError("experiment " + e.id() + " has no check, reference or question naming its figures"));
            String renamed = use.name() + "_renamed";
            Path dir = Files.createTempDirectory("content");
            Files.createDirectories(dir.resolve("content"));
            Files.copy(LabFixture.REPO.resolve("setup.md"), dir.resolve("setup.md"));
            // renamed wherever lab.yaml names it (the check's examples too): only the code still produces the old name
            String changed = yaml.replaceAll(java.util.regex.Pattern.quote(use.name()) + "(?![\\w.])", renamed);
            Files.writeString(dir.resolve("content/lab.yaml"), changed);
            int line = 1 + (int) changed.substring(0, changed.indexOf(renamed)).chars().filter(c -> c == '\n').count();
            LabContent broken = LabContent.load(dir.resolve("content/lab.yaml"));
            List<ContentProblem> problems = catalog.problems(broken);
            assertThat(problems).as(e.id() + ": renaming " + use.name()).isNotEmpty();
            assertThat(broken.invalid(problems).getMessage()).as(e.id())
                    .contains("lab.yaml:" + line + " ", "'" + renamed + "'", "experiment " + e.id() + " does not produce");
        }
    }

    /** Every check of the lab carries evidence it passes on and evidence it fails on, and each comes out so. */
    @Test
    void everyCheckCanPassAndCanFail() {
        LabContent lab = LabFixture.content();
        assertThat(lab.checks()).isNotEmpty();
        for (Check k : lab.checks()) {
            Parameters used = lab.experiment(k.experiment()).parameters();
            assertThat(k.examples()).as(k.id() + " has examples").isNotNull();
            Check.Result pass = k.evaluate(k.examples().pass(), used);
            assertThat(pass.outcome()).as(k.id() + " on its passing example: " + pass.message()).isEqualTo(Check.Outcome.PASSED);
            Check.Result fail = k.evaluate(k.examples().fail(), used);
            assertThat(fail.outcome()).as(k.id() + " on its failing example: " + fail.message()).isEqualTo(Check.Outcome.FAILED);
            assertThat(fail.message()).as(k.id() + "'s failure says what was measured").doesNotContain("{left}", "{right}");
        }
    }

    @Test
    void aCheckThatCannotFailIsRefused() throws IOException {
        Path yaml = oneStepContent(
                "steps: {step-1: {claim: measured, experiments: [e1]}}",
                "experiments: [{id: e1, title: E, step: step-1, parameters: {}}]",
                "checks:",
                "  - {id: always, experiment: e1, claim: c, left: a.gap_s, op: '>', right: 0, pass: ok, fail: no,",
                "     examples: {pass: {a.gap_s: 1}, fail: {a.gap_s: 2}}}",
                "  - {id: bare, experiment: e1, claim: c, left: a.gap_s, op: '>', right: 0, pass: ok, fail: no}");
        assertThatThrownBy(() -> LabContent.load(yaml)).isInstanceOf(LabContent.InvalidContent.class)
                .hasMessageContainingAll("check always: its failing example does not fail (PASSED)", "check bare: needs examples",
                        "lab.yaml:6 (checks[0].examples)");
    }

    /** A range the card would offer but the run would refuse: a whole parameter (written 3) with the bound 1.5. */
    @Test
    void aWholeParameterWithAFractionalRangeIsRefused() throws IOException {
        Path yaml = oneStepContent(
                "steps: {step-1: {claim: measured, experiments: [e1]}}",
                "experiments: [{id: e1, title: E, step: step-1, parameters: {factor: 3, share: 0.5},",
                "               editable: {factor: {min: 1.5, max: 10, label: f}, share: {min: 0.1, max: 0.9, label: s}}}]");
        assertThatThrownBy(() -> LabContent.load(yaml)).isInstanceOf(LabContent.InvalidContent.class)
                .hasMessageContainingAll("editable 'factor' takes whole numbers (its value is 3), but its range 1.5", "is not whole")
                .hasMessageNotContaining("'share'");
    }

    /** A claim of the original lab must say which model it is about, or it could be set beside a measurement of another. */
    @Test
    void everyReferenceNamesTheModelItsClaimIsAbout() throws IOException {
        for (LabContent.ExperimentSpec e : LabFixture.content().experiments()) {
            for (LabContent.Reference r : e.references()) {
                assertThat(r.model()).as(e.id() + ": " + r.label()).isIn(LabContent.Reference.MODELS);
                if (r.figure().startsWith("ml.")) assertThat(r.model()).as(r.label() + " is a claim about ml-api's DistilBERT").isEqualTo("distilbert");
            }
        }
        Path yaml = oneStepContent(
                "steps: {step-1: {claim: measured, experiments: [startup]}}",
                "experiments: [{id: startup, title: E, step: step-1, parameters: {repetitions: 1},",
                "  reference: [{label: ml ready, claim: 30 s, figure: ml.ready_s.median, unit: s}]}]");
        assertThatThrownBy(() -> LabContent.load(yaml)).isInstanceOf(LabContent.InvalidContent.class)
                .hasMessageContaining("reference 'ml ready' must say which model its claim is about");
    }

    @Test
    void brokenReferencesAreAllReported() throws IOException {
        Path yaml = oneStepContent(
                "experiments: [{id: e1, title: E, step: step-9}]",
                "checks: [{id: c1, experiment: nope, left: a, op: '=>', right: b, pass: ok, fail: ''}]",
                "questions: [{id: q1, text: Why}]",
                "completion: [{id: k1, title: K, checks: [c9], questions: [q9]}, {id: k2, title: Nothing}]");
        assertThatThrownBy(() -> LabContent.load(yaml)).isInstanceOf(LabContent.InvalidContent.class)
                .hasMessageContainingAll("no step step-9", "no experiment nope", "operator must be", "pass and a fail",
                        "no check c9", "no question q9", "earned by nothing");
        Files.writeString(yaml, "questions: [{id: q1, text: Why?}]\n");
        assertThatThrownBy(() -> LabContent.load(yaml)).isInstanceOf(IOException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void aCheckSaysWhatWasMeasuredAndWhatWasExpected() {
        Check later = LabFixture.content().check("ml-ready-later");
        Check.Result pass = later.evaluate(Map.of("ml.ready_s.min", 2.4, "traditional.ready_s.max", 0.3));
        assertThat(pass.passed()).isTrue();
        assertThat(pass.message()).isEqualTo("ml-api's quickest start took 2.40 s to ready, more than traditional-api's slowest (0.30 s): 8×.");
        Check.Result fail = later.evaluate(Map.of("ml.ready_s.min", 0.3, "traditional.ready_s.max", 0.45));
        assertThat(fail.passed()).isFalse();
        assertThat(fail.message()).contains("no more than traditional-api's slowest (0.45 s)");
        Map<String, Double> unmeasured = new HashMap<>(Map.of("ml.ready_s.min", 2.4));
        unmeasured.put("traditional.ready_s.max", null);
        Check.Result missing = later.evaluate(unmeasured);
        assertThat(missing.passed()).isFalse();
        assertThat(missing.message()).contains("Not measured", "traditional.ready_s.max");
    }

    @Test
    void aCheckJudgesWithTheParametersTheRunUsedAndQuotesAnyFigure() throws Parameters.Invalid {
        Check fewer = LabFixture.content().check("warm-pool-fewer-errors");
        Parameters used = LabFixture.content().experiment("scaling").parameters();
        Check.Result r = fewer.evaluate(Map.of("ml.warm.spike_errors", 0.0, "ml.naive.spike_errors", 12.0, "ml.spike_rps", 45.0,
                "ml.second_replica_gain", 1.8), used);
        assertThat(r.passed()).isTrue();
        String objective = String.format(java.util.Locale.ROOT, "%.0f", used.asFigures().get("param.objective_ms"));
        assertThat(r.message()).isEqualTo("0 requests failed or were answered later than " + objective + " ms during the spike with the warm pool, "
                + "against 12 scaling out naively (spike 45 req/s).");
        Check.Result small = fewer.evaluate(Map.of("ml.warm.spike_errors", 0.0, "ml.naive.spike_errors", 12.0, "ml.spike_rps", 45.0,
                "ml.second_replica_gain", 1.05), used);
        assertThat(small.outcome()).as("judged against the run's own min_gain parameter").isEqualTo(Check.Outcome.NOT_APPLICABLE);
        assertThat(small.passed()).isFalse();
        String minGain = String.format(java.util.Locale.ROOT, "%.2f×", used.asFigures().get("param.min_gain"));
        assertThat(small.message()).startsWith("Not applicable: a second replica added only 1.05× capacity on this machine (less than " + minGain + ")");
        Check relative = new Check("k", "scaling", "claim", "ml.warm.spike_errors", "<=", 1, "param.spike_factor", "{left} ≤ {param.spike_factor}", "no");
        assertThat(relative.evaluate(Map.of("ml.warm.spike_errors", 2.0), used.with(Map.of("spike_factor", 4))).passed())
                .as("a check may compare with a parameter the learner changed").isTrue();
    }

    /** A parameter record as an experiment declares one (the load experiment's, in part). */
    record LoadPart(double rate, int batchSize, double saturationMax, String nginxUrl, Integer memoryLimitMb) {
    }

    @Test
    void theLearnerMayChangeOnlyEditableParametersWithinTheirRanges() throws Parameters.Invalid {
        Parameters load = LabFixture.content().experiment("load").parameters();
        Map<String, Object> all = new HashMap<>(load.recorded());
        all.keySet().retainAll(List.of("rate", "batch_size", "saturation_max", "nginx_url", "memory_limit_mb"));
        Parameters part = new Parameters("load", all, Map.of("rate", new Parameters.Range(1, 500, "rate"),
                "batch_size", new Parameters.Range(1, 64, "batch"), "memory_limit_mb", new Parameters.Range(0, 8192, "limit", true)));
        LoadPart changed = part.with(Map.of("rate", 35, "batch_size", 1)).bind(LoadPart.class);
        assertThat(changed.rate()).isEqualTo(35);
        assertThat(changed.batchSize()).isEqualTo(1);
        assertThat(changed.saturationMax()).as("the rest as the content gives it").isEqualTo(part.bind(LoadPart.class).saturationMax());
        assertThat(changed.memoryLimitMb()).as("null: the configured limit").isNull();
        assertThat(part.with(Map.of("memory_limit_mb", 0)).bind(LoadPart.class).memoryLimitMb()).as("0: no limit, a value of its own").isZero();
        assertThatThrownBy(() -> load.with(Map.of("rate", 100000))).isInstanceOf(Parameters.Invalid.class).hasMessageContaining("rate must be from 1 to 500");
        assertThatThrownBy(() -> load.with(Map.of("nginx_url", 5))).hasMessageContaining("no parameter 'nginx_url' to change");
        assertThatThrownBy(() -> load.with(Map.of("rate", "fast"))).hasMessageContaining("rate must be a number, got 'fast'");
        assertThatThrownBy(() -> load.with(Map.of("batch_size", 2.5))).hasMessageContaining("batch_size must be a whole number");
        assertThatThrownBy(() -> load.with(Map.of("memory_limit_mb", 512.5))).as("whole, although its content value is null")
                .hasMessageContaining("memory_limit_mb must be a whole number");
    }

    @Test
    void theGuidesBashBlocksAreNamedInOrderAndOnlyTheyRun() {
        Guide guide = Guide.parse(String.join("\n", "# Lab", "", "```bash", "echo intro", "```", "",
                "## Step 1 — One", "Duration: 5 min", "", "```bash", "echo one", "```", "", "```shell", "docker-compose up", "```", "",
                "```bash", "echo two", "```", "", "## Step 2 — Two", "Duration: 1 min", "", "```bash", "echo three", "```", "",
                "## Troubleshooting", "", "```bash", "echo appendix", "```", ""));
        assertThat(guide.steps().get(0).blocks()).extracting(GuideBlock::id, GuideBlock::code)
                .containsExactly(tuple("step-1-1", "echo one\n"), tuple("step-1-2", "echo two\n"));
        assertThat(guide.steps().get(0).html()).contains("<pre data-block=\"step-1-1\"><code class=\"language-bash\">echo one")
                .contains("<pre><code class=\"language-shell\">docker-compose up");
        assertThat(guide.block("step-2-1")).map(GuideBlock::code).contains("echo three\n");
        assertThat(guide.block("step-0-1")).as("the introduction's blocks are not steps' blocks").isEmpty();
        assertThat(guide.appendixHtml()).contains("Troubleshooting", "echo appendix").doesNotContain("data-block");
        assertThat(guide.introHtml()).doesNotContain("data-block");
    }

    @Test
    void stepChecksThatDoNotHoldTogetherAreAllReported() throws IOException {
        Path dir = Files.createTempDirectory("content");
        Files.writeString(dir.resolve("guide.md"), "# Lab\n\n## Step 1 — Only step\nDuration: 5 min\n\n```bash\necho hi\n```\n\n"
                + "## Step 2 — Another\nDuration: 1 min\n\nText.\n");
        Files.writeString(dir.resolve("lab.yaml"), String.join("\n", "guide: guide.md",
                "steps:", "  step-1: {claim: ran, block: step-1-7, expect: ['(unclosed']}", "  step-3: {claim: x, experiments: [nope]}", ""));
        assertThatThrownBy(() -> LabContent.load(dir.resolve("lab.yaml"))).isInstanceOf(LabContent.InvalidContent.class)
                .hasMessageContainingAll("no bash block step-1-7 in step-1", "is not a regular expression", "steps.step-3: no such step",
                        "no experiment nope", "steps.step-2: every step needs a completion check");
    }

    record Rate(double rate) {
    }

    record Rates(List<Double> rates) {
    }

    record Repetitions(int repetitions) {
    }

    @Test
    void parametersComeOnlyFromTheContentAndSayWhatIsWrong() {
        Parameters p = new Parameters("load", Map.of("rate", "fast", "rates", List.of(10, 20.5)));
        assertThatThrownBy(() -> p.bind(Rate.class)).hasMessageContainingAll("experiment load", "rate", "fast");
        assertThat(new Parameters("load", Map.of("rates", List.of(10, 20.5))).bind(Rates.class).rates()).containsExactly(10.0, 20.5);
        assertThatThrownBy(() -> new Parameters("load", Map.of()).bind(Repetitions.class)).as("no default in code: a missing parameter is named")
                .hasMessageContainingAll("'repetitions'", "Missing");
    }

    /** A guide with one step and a lab.yaml of these lines (after {@code guide: guide.md}); returns lab.yaml. */
    /** The class view's rules are data like the checks: each that cannot work is refused at load, with its line. */
    @Test
    void classRulesThatDoNotHoldTogetherAreAllReported() throws IOException {
        Path yaml = oneStepContent(
                "steps: {step-1: {claim: measured, experiments: [e1]}}",
                "experiments: [{id: e1, title: E, step: step-1, parameters: {}}]",
                "classroom:",
                "  per_core: {e9: [a.rps]}",
                "  outliers:",
                "    - {id: everyone, experiment: e1, figure: a.ready_s, above_median: 0.5, explain: 'slow'}",
                "    - {id: both, experiment: e1, figure: a.ready_s, above_median: 3, below_median: 0.3, explain: 'odd'}",
                "    - {id: quotes, experiment: e1, figure: a.ready_s, above_median: 3, explain: '{value} and {left}'}",
                "    - {id: machine, experiment: e1, figure: a.ready_s, above_median: 3, explain: 'x', when: [{figure: env.gpus, op: '>', value: 0}]}",
                "    - {id: nowhere, experiment: e2, figure: a.ready_s, above_median: 3, explain: 'x'}");
        assertThatThrownBy(() -> LabContent.load(yaml)).isInstanceOf(LabContent.InvalidContent.class)
                .hasMessageContainingAll("classroom.per_core: no experiment e9",
                        "lab.yaml:7 (classroom.outliers[0]): outlier rule everyone: above_median must be over 1",
                        "outlier rule both: needs one of above_median", "outlier rule quotes quotes {left}",
                        "outlier rule machine: the machine has env.cores, env.memory_gib, not env.gpus", "outlier rule nowhere: no experiment e2");
    }

    /** A rule naming a figure its experiment does not produce stops the portal, as a check's would. */
    @Test
    void aClassRuleNamesOnlyFiguresItsExperimentProduces() throws IOException {
        String yaml = Files.readString(LabFixture.REPO.resolve("content/lab.yaml"));
        Path dir = Files.createTempDirectory("content");
        Files.createDirectories(dir.resolve("content"));
        Files.copy(LabFixture.REPO.resolve("setup.md"), dir.resolve("setup.md"));
        String changed = yaml.replace("{experiment: model-origins, figure: ml.cache.fetched_mb,", "{experiment: model-origins, figure: ml.cache.fetched_gb,");
        assertThat(changed).isNotEqualTo(yaml);
        Files.writeString(dir.resolve("content/lab.yaml"), changed);
        LabContent broken = LabContent.load(dir.resolve("content/lab.yaml"));
        assertThat(broken.invalid(LabFixture.catalog().problems(broken)).getMessage())
                .contains("outlier rule model-cache-not-kept names figure 'ml.cache.fetched_gb', which experiment model-origins does not produce");
    }

    private static Path oneStepContent(String... yamlLines) throws IOException {
        Path dir = Files.createTempDirectory("content");
        Files.writeString(dir.resolve("guide.md"), "# Lab\n\n## Step 1 — Only step\nDuration: 5 min\n\nText.\n");
        return Files.writeString(dir.resolve("lab.yaml"), "guide: guide.md\n" + String.join("\n", yamlLines) + "\n");
    }
}
