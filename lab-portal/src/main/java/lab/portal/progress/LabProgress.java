package lab.portal.progress;

import lab.portal.activity.ActivityRunner;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.RuntimeChoice;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import lab.portal.services.ServedModel;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The learner's standing: latest check results, the checklist, and the report built from the store. */
@Service
public class LabProgress {
    private final LabContent lab;
    private final ProgressStore store;
    private final BlockRunStore blocks;
    private final ServedModel model;
    private final RuntimeChoice runtime;
    private final ApplicationEventPublisher events;
    private final java.util.function.Predicate<lab.portal.content.StepCheck.Observation> observed;

    public LabProgress(LabContent lab, ProgressStore store, BlockRunStore blocks, ServedModel model, RuntimeChoice runtime,
                       ApplicationEventPublisher events) {
        this(lab, store, blocks, model, runtime, events, o -> false);
    }

    /** With what the services show now: steps done by hand in a terminal count. */
    @org.springframework.beans.factory.annotation.Autowired
    public LabProgress(LabContent lab, ProgressStore store, BlockRunStore blocks, ServedModel model, RuntimeChoice runtime,
                       ApplicationEventPublisher events, ServiceObservations observations) {
        this(lab, store, blocks, model, runtime, events, observations::holds);
    }

    private LabProgress(LabContent lab, ProgressStore store, BlockRunStore blocks, ServedModel model, RuntimeChoice runtime,
                        ApplicationEventPublisher events, java.util.function.Predicate<lab.portal.content.StepCheck.Observation> observed) {
        this.observed = observed;
        this.events = events;
        this.lab = lab;
        this.store = store;
        this.blocks = blocks;
        this.model = model;
        this.runtime = runtime;
    }

    /** The header's counts: one definition of each, whatever shows them. */
    public record Summary(int stepsDone, int stepsTotal, int criteriaEarned, int criteriaTotal, int experimentsPassed, int experimentsTotal,
                          int answered, int questionsTotal) {
    }

    /** The steps, the checklist and the header's counts together, as every change of progress answers them. */
    public record Standing(List<StepProgress.Status> steps, List<Checklist.Tick> checklist, Summary summary) {
    }

    public Standing standing() {
        return standing(store.latestMeasuredRuns(), store.answers());
    }

    /** An experiment or a block ended: the standing may have changed. */
    @EventListener
    public void on(ActivityRunner.Ended ended) {
        changed();
    }

    /** The services show something new: a step done by hand may be done now. */
    @EventListener
    public void on(ServiceObservations.Changed observed) {
        changed();
    }

    /** What the learner has: the latest run of each experiment and of each block, the latest measured runs, the answers. */
    public record Snapshot(Map<String, StoredRun> latestRuns, Map<String, StoredRun> latestMeasured, Map<String, BlockRun> blocks,
                           Map<String, String> answers) {
    }

    public Snapshot snapshot() {
        return new Snapshot(store.latestRuns(), store.latestMeasuredRuns(), blocks.latest(), store.answers());
    }

    /** A run by its id. */
    public java.util.Optional<StoredRun> run(long id) {
        return store.run(id);
    }

    /** Saves an answer and judges the standing again; returns it. */
    public Standing answer(String question, String text) {
        store.saveAnswer(question, text);
        return changed();
    }

    /** Records that the learner skipped the step; it stays not done (a skip earns nothing). Returns the standing. */
    public Standing skip(String stepId) {
        store.skip(stepId);
        return changed();
    }

    /** Judges the standing again and tells whoever shows it (every open page, over /live); returns it. */
    public Standing changed() {
        Standing now = standing();
        events.publishEvent(new StandingChanged(now));
        return now;
    }

    public Standing standing(Map<String, StoredRun> latestMeasured, Map<String, String> answers) {
        return standing(latestMeasured, answers, blocks.latest());
    }

    /** The standing of what the learner has now, read once. */
    public Standing standing(Snapshot s) {
        return standing(s.latestMeasured(), s.answers(), s.blocks());
    }

    private Standing standing(Map<String, StoredRun> latestMeasured, Map<String, String> answers, Map<String, BlockRun> latestBlocks) {
        List<StepProgress.Status> steps = StepProgress.judge(lab, latestBlocks, latestMeasured, answers, observed, store.skipped());
        List<Checklist.Tick> ticks = checklist(latestMeasured, answers);
        int passed = (int) lab.experiments().stream().filter(e -> latestMeasured.containsKey(e.id())
                && latestMeasured.get(e.id()).allPassed()).count();
        int answered = (int) lab.questions().stream().filter(q -> !answers.getOrDefault(q.id(), "").isBlank()).count();
        return new Standing(steps, ticks, new Summary((int) steps.stream().filter(StepProgress.Status::done).count(), steps.size(),
                (int) ticks.stream().filter(Checklist.Tick::earned).count(), ticks.size(), passed,
                lab.experiments().size(), answered, lab.questions().size()));
    }

    public List<Checklist.Tick> checklist() {
        return checklist(store.latestMeasuredRuns(), store.answers());
    }

    /** The checklist judged on these runs (the latest that measured something, per experiment) and answers. */
    public List<Checklist.Tick> checklist(Map<String, StoredRun> latestMeasured, Map<String, String> answers) {
        Map<String, Check.Result> results = new LinkedHashMap<>();
        latestMeasured.values().forEach(run -> run.checks().forEach(c -> results.put(c.check(), c)));
        return Checklist.evaluate(lab, results, answers);
    }

    public LabReport report() {
        Map<String, StoredRun> latestMeasured = store.latestMeasuredRuns();
        Map<String, String> answers = store.answers();
        List<LabReport.ExperimentRun> runs = new ArrayList<>();
        for (StoredRun r : latestMeasured.values()) {
            runs.add(new LabReport.ExperimentRun(r.experiment(), String.valueOf(r.finishedAt()), r.parameters(), r.evidence().figures(), r.checks()));
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        LabReport.Environment env = new LabReport.Environment(runtime.runtime().name(), model.label(), Runtime.getRuntime().availableProcessors(),
                memory, Runtime.version().toString(), Instant.now().toString());
        return new LabReport(LabReport.FORMAT, env, runs, answers, StepProgress.judge(lab, blocks.latest(), latestMeasured, answers, observed, store.skipped()),
                checklist(latestMeasured, answers));
    }

    /**
     * Brings another machine's progress in, in one transaction: its runs become imported runs whose checks
     * are judged again here, on their figures (a report's own verdicts are not trusted); its answers fill
     * the questions. A report with an experiment this lab does not have is refused whole.
     */
    public int importReport(LabReport report) {
        List<ReportJudge.JudgedRun> judged = new ReportJudge(lab).judge(report);
        try {
            store.atomically(() -> importAll(report, judged));
        } catch (DataIntegrityViolationException tooLarge) {
            // The whole import was rolled back; the learner hears which report was refused, not a 500.
            throw new IllegalArgumentException("a value in the report does not fit the progress store (" + tooLarge.getMostSpecificCause().getMessage() + ")");
        }
        return report.runs().size();
    }

    private void importAll(LabReport report, List<ReportJudge.JudgedRun> judged) {
        for (ReportJudge.JudgedRun j : judged) {
            Evidence.Builder e = Evidence.builder();
            j.run().figures().forEach(e::figure);
            store.importRun(j.run().experiment(), parse(j.run().finishedAt()), "imported from a report (" + report.environment().runtime() + ", "
                    + report.environment().cores() + " cores)", report.environment().model(), j.parameters().recorded(), e.build(), j.checks());
        }
        report.answers().forEach((q, a) -> {
            if (lab.question(q) != null) store.saveAnswer(q, a);
        });
    }

    private static Instant parse(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
