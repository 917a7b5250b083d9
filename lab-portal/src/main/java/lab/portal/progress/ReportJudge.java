package lab.portal.progress;

import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.content.Parameters;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Judges a report's runs again, here, on their figures and the parameters they ran with: a report's own
 * verdicts are never trusted, whether it is imported or sent to a class. One place for that rule.
 */
@Component
public class ReportJudge {
    private final LabContent lab;

    public ReportJudge(LabContent lab) {
        this.lab = lab;
    }

    /**
     * A run judged here. {@code defaultParameters}: it ran with the content's parameters, so its figures
     * compare with other learners' default runs.
     */
    public record JudgedRun(LabReport.ExperimentRun run, Parameters parameters, boolean defaultParameters, List<Check.Result> checks) {
        public boolean allPassed() {
            return !checks.isEmpty() && checks.stream().allMatch(Check.Result::passed);
        }
    }

    /** Refuses, with the reason, a report that is not one or that has an experiment this lab does not have. */
    public void validate(LabReport report) {
        if (report == null || report.runs() == null || report.answers() == null || report.environment() == null) {
            throw new IllegalArgumentException("a report needs format, environment, runs and answers");
        }
        if (!LabReport.FORMAT.equals(report.format())) {
            throw new IllegalArgumentException("not a lab report (format " + LabReport.FORMAT + "): " + report.format());
        }
        for (LabReport.ExperimentRun r : report.runs()) {
            if (r == null || r.experiment() == null || r.figures() == null) throw new IllegalArgumentException("a run needs its experiment and figures");
            if (lab.experiment(r.experiment()) == null) {
                throw new IllegalArgumentException("the report has a run of experiment '" + r.experiment() + "', which this lab does not have");
            }
        }
    }

    public List<JudgedRun> judge(LabReport report) {
        validate(report);
        return report.runs().stream().map(this::judge).toList();
    }

    private JudgedRun judge(LabReport.ExperimentRun r) {
        Parameters defaults = lab.experiment(r.experiment()).parameters();
        Parameters parameters = r.parameters() == null ? defaults : new Parameters(r.experiment(), r.parameters());
        java.util.Map<String, Double> figures = new java.util.HashMap<>();
        r.figures().forEach((k, v) -> { if (v != null) figures.put(k, v); });
        List<Check.Result> judged = lab.checks().stream().filter(k -> k.experiment().equals(r.experiment()))
                .map(k -> k.evaluate(figures, parameters)).toList();
        return new JudgedRun(r, parameters, sameValues(defaults, parameters), judged);
    }

    /** Numbers compare by value: 3 in the content and 3.0 in a report's JSON are the same parameter. */
    private static boolean sameValues(Parameters a, Parameters b) {
        var x = a.recorded();
        var y = b.recorded();
        if (!x.keySet().equals(y.keySet())) return false;
        for (var e : x.entrySet()) {
            Object u = e.getValue(), v = y.get(e.getKey());
            boolean same = u instanceof Number m && v instanceof Number n ? m.doubleValue() == n.doubleValue() : java.util.Objects.equals(u, v);
            if (!same) return false;
        }
        return true;
    }
}
