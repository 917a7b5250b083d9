package lab.portal.progress;

import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.experiment.Evidence;
import lab.portal.live.ServedModel;
import lab.portal.runtime.RuntimeChoice;
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
    private final ServedModel model;
    private final String runtime;

    public LabProgress(LabContent lab, ProgressStore store, ServedModel model, RuntimeChoice choice) {
        this.lab = lab;
        this.store = store;
        this.model = model;
        this.runtime = choice.runtime().name();
    }

    public List<Checklist.Tick> checklist() {
        return checklist(store.latestMeasuredRuns(), store.answers());
    }

    /** The checklist judged on these runs (the latest that measured something, per experiment) and answers. */
    public List<Checklist.Tick> checklist(Map<String, StoredRun> latestMeasured, Map<String, String> answers) {
        Map<String, Check.Result> results = new LinkedHashMap<>();
        latestMeasured.values().forEach(run -> run.checks().forEach(c -> results.put(c.checkId(), c)));
        return Checklist.evaluate(lab, results, answers);
    }

    public LabReport report() {
        Map<String, StoredRun> latestMeasured = store.latestMeasuredRuns();
        Map<String, String> answers = store.answers();
        List<LabReport.ExperimentRun> runs = new ArrayList<>();
        for (StoredRun r : latestMeasured.values()) {
            runs.add(new LabReport.ExperimentRun(r.experimentId(), String.valueOf(r.finishedAt()), r.evidence().figures(), r.checks()));
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        LabReport.Environment env = new LabReport.Environment(runtime, model.label(), Runtime.getRuntime().availableProcessors(),
                memory, Runtime.version().toString(), Instant.now().toString());
        return new LabReport(env, runs, answers, checklist(latestMeasured, answers));
    }

    /**
     * Brings another machine's progress in: its runs become imported runs (figures and check results,
     * marked as measured elsewhere), its answers fill the questions. Unknown experiments are refused.
     */
    public int importReport(LabReport report) {
        for (LabReport.ExperimentRun r : report.runs()) {
            if (lab.experiment(r.experimentId()) == null) {
                throw new IllegalArgumentException("the report has a run of experiment '" + r.experimentId() + "', which this lab does not have");
            }
        }
        for (LabReport.ExperimentRun r : report.runs()) {
            Evidence.Builder e = Evidence.builder();
            r.figures().forEach(e::figure);
            Instant at = parse(r.finishedAt());
            store.importRun(r.experimentId(), at, "imported from a report (" + report.environment().runtime() + ", "
                    + report.environment().cores() + " cores)", report.environment().model(), e.build(), r.checks());
        }
        report.answers().forEach((q, a) -> {
            if (lab.question(q) != null) store.saveAnswer(q, a);
        });
        return report.runs().size();
    }

    private static Instant parse(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
