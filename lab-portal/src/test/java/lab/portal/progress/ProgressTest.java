package lab.portal.progress;

import lab.portal.LabFixture;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.evidence.Evidence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/** The checklist is earned by evidence only; a report survives export and import; the store keeps what it is given. */
class ProgressTest {
    private final LabContent lab = LabFixture.content();

    @Test
    void aTickNeedsEveryCheckPassedAndEveryQuestionAnsweredAndLinksToItsEvidence() {
        Map<String, Double> figures = Map.of("ml.ready_s.min", 2.4, "traditional.ready_s.max", 0.4);
        Map<String, Check.Result> results = new HashMap<>(Map.of("ml-ready-later", lab.check("ml-ready-later").evaluate(figures)));
        Map<String, String> answers = new HashMap<>(Map.of("cold-start-stakeholder", "Like opening a shop whose staff arrive late."));
        Checklist.Tick startup = tick(Checklist.evaluate(lab, results, answers), "explain-startup");
        assertThat(startup.earned()).as("one question is still unanswered").isFalse();
        assertThat(startup.items()).anyMatch(e -> e.id().equals("startup-numbers") && e.detail().equals("not answered yet")
                && e.href().equals("#question-startup-numbers"));
        assertThat(startup.items()).anyMatch(e -> e.kind().equals("check") && e.href().equals("#experiment-startup") && e.state().equals("ok"));
        answers.put("startup-numbers", "model_load took most of it.");
        assertThat(tick(Checklist.evaluate(lab, results, answers), "explain-startup").earned()).isTrue();
        Checklist.Tick memory = tick(Checklist.evaluate(lab, results, answers), "memory-patterns");
        assertThat(memory.items()).anyMatch(e -> e.detail().contains("not run yet: run experiment 'resources'") && e.state().equals("missing"));
    }

    @Test
    void theReportRoundTripsThroughJsonAndReadsAsMarkdown() {
        Map<String, Double> figures = new HashMap<>(Map.of("ml.ready_s.min", 2.4, "traditional.ready_s.max", 0.4));
        figures.put("ml.saturation_rps", null);
        Check.Result r = lab.check("ml-ready-later").evaluate(figures);
        Map<String, String> answers = Map.of("probes", "liveness → /health, readiness → /ready");
        List<StepProgress.Status> steps = StepProgress.judge(lab, Map.of(), Map.of(), answers);
        LabReport report = new LabReport(LabReport.FORMAT, new LabReport.Environment("local processes", "feedback-minilm-l6 (offline) 1.2", 2,
                24L << 30, "25.0.3", "2026-11-27T17:00:00Z"),
                List.of(new LabReport.ExperimentRun("startup", "2026-11-27T16:59:00Z", Map.of("repetitions", 2), figures, List.of(r))),
                answers, steps, Checklist.evaluate(lab, Map.of(r.check(), r), answers));
        LabReport back = LabFixture.JSON.readValue(LabFixture.JSON.writeValueAsString(report), LabReport.class);
        assertThat(back).isEqualTo(report);
        assertThat(back.runs().get(0).figures()).as("an unmeasured figure stays unmeasured").containsEntry("ml.saturation_rps", null);
        assertThat(report.toMarkdown()).contains("- [ ] Explain the start-up differences", "PASS ml-ready-later", "not measured",
                "Parameters: repetitions 2", "- [ ] Start the traditional service: run block step-1-1");
    }

    @Test
    void aSkipIsRecordedButEarnsNothingAndEvidenceStillCounts() {
        org.springframework.jdbc.core.JdbcTemplate db = LabFixture.database();
        ProgressStore store = new ProgressStore(db, LabFixture.JSON);
        BlockRunStore blocks = new BlockRunStore(db);
        LabProgress progress = new LabProgress(lab, store, blocks, null, null, event -> { });
        LabProgress.Standing skipped = progress.skip("step-2");
        StepProgress.Status step2 = skipped.steps().stream().filter(s -> s.step().equals("step-2")).findFirst().orElseThrow();
        assertThat(step2.done()).isFalse();
        assertThat(step2.skipped()).isTrue();
        assertThat(skipped.summary().stepsDone()).isZero();
        assertThat(new LabReport(LabReport.FORMAT, new LabReport.Environment("local processes", "m", 2, 1L << 30, "25", "2026-12-06T20:00:00Z"),
                List.of(), Map.of(), skipped.steps(), skipped.checklist()).toMarkdown()).contains("- [ ] (skipped) Liveness and readiness");

        long run = blocks.start("step-2-1", "step-2");
        blocks.finish(run, BlockRun.Status.SUCCEEDED, 0, "{\"status\":\"UP\"}\n{\"ready\":true}\n", 0);
        StepProgress.Status done = progress.standing().steps().stream().filter(s -> s.step().equals("step-2")).findFirst().orElseThrow();
        assertThat(done.done()).as("the step's own evidence makes it done, skipped or not").isTrue();
        assertThat(done.skipped()).isFalse();
    }

    @Test
    void anImportedReportIsJudgedAgainOnItsFiguresInOneTransaction() {
        ProgressStore store = LabFixture.store();
        LabProgress progress = new LabProgress(lab, store, new BlockRunStore(LabFixture.database()), null, null, event -> { });
        Map<String, Double> overlapping = Map.of("ml.ready_s.min", 0.5, "traditional.ready_s.max", 0.6,
                "ml.live_to_ready_gap_s.min", 0.1);
        Check.Result forged = new Check.Result("ml-ready-later", true, "edited to pass", 0.5, 0.6);
        LabReport edited = new LabReport(LabReport.FORMAT, new LabReport.Environment("local processes", "m", 2, 1, "25", "now"),
                List.of(new LabReport.ExperimentRun("startup", "2026-11-27T16:59:00Z", Map.of("repetitions", 2), overlapping, List.of(forged))),
                Map.of("probes", "an answer"), List.of(), List.of());
        progress.importReport(edited);
        StoredRun imported = store.latestMeasuredRuns().get("startup");
        assertThat(imported.status()).isEqualTo(StoredRun.Status.IMPORTED);
        assertThat(imported.checks()).as("the report's own verdict is not trusted: ml-api's 0.5 s is not later than 0.6 s")
                .anyMatch(c -> c.check().equals("ml-ready-later") && !c.passed());
        assertThat(imported.parameters()).as("the parameters it ran with come along").containsEntry("repetitions", 2);

        // A report the store cannot take whole (a model label too long for its column): nothing of it stays.
        LabReport unstorable = new LabReport(LabReport.FORMAT, new LabReport.Environment("local processes", "m".repeat(400), 2, 1, "25", "now"),
                edited.runs(), Map.of("probes", "changed"), List.of(), List.of());
        long latestBefore = store.latestRuns().get("startup").id();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> progress.importReport(unstorable))
                .as("refused as a bad report (a 400), not a database error (a 500)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThat(store.latestRuns().get("startup").id()).as("the refused import left no run").isEqualTo(latestBefore);
        assertThat(store.answers()).as("nor any answer").containsEntry("probes", "an answer");
    }

    @Test
    void twoFirstSavesOfOneAnswerAtOnceBothSucceed() throws Exception {
        ProgressStore store = LabFixture.store();
        for (int round = 0; round < 20; round++) {
            String question = "q" + round;
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<?> a = CompletableFuture.runAsync(() -> { await(together); store.saveAnswer(question, "first"); });
            CompletableFuture<?> b = CompletableFuture.runAsync(() -> { await(together); store.saveAnswer(question, "second"); });
            CompletableFuture.allOf(a, b).join();
            assertThat(store.answers().get(question)).isIn("first", "second");
        }
    }

    @Test
    void storedEvidenceComesBackAsItWasMeasured() {
        ProgressStore store = LabFixture.store();
        long id = store.startRun("startup", "local processes", Map.of("repetitions", 3));
        Evidence e = Evidence.builder().figure("ml.ready_s.median", 1.5).figure("ml.port_open_s.median", Double.NaN).note("a note").build();
        store.finishRun(id, e, List.of(), "model");
        StoredRun run = store.run(id).orElseThrow();
        assertThat(run.evidence()).isEqualTo(e);
        assertThat(run.startedAt()).isBeforeOrEqualTo(Instant.now());
        assertThat(run.parameters()).isEqualTo(Map.of("repetitions", 3));
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Checklist.Tick tick(List<Checklist.Tick> ticks, String id) {
        return ticks.stream().filter(t -> t.criterion().equals(id)).findFirst().orElseThrow();
    }
}
