package lab.portal.progress;

import lab.portal.content.Check;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A learner's run of the lab, to export (JSON to move between machines, Markdown to read) and to import
 * back: the environment it ran in, every experiment's measured figures and check results, the answers
 * and the checklist.
 */
public record LabReport(String format, Environment environment, List<ExperimentRun> runs, Map<String, String> answers,
                        List<StepProgress.Status> steps, List<Checklist.Tick> checklist) {
    public static final String FORMAT = "inference-ops-lab-report/1";

    /** Where the figures were measured: they mean little without it. */
    public record Environment(String runtime, String model, int cores, long memoryBytes, String java, String recordedAt) {
    }

    /** A run's figures and the parameters it used (absent in reports from before runs kept them). */
    public record ExperimentRun(String experiment, String finishedAt, Map<String, Object> parameters, Map<String, Double> figures,
                                List<Check.Result> checks) {
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# AI Inference Ops Lab — report\n\n");
        md.append(String.format(Locale.ROOT, "Runtime: %s · model: %s · %d cores, %.1f GiB · Java %s · %s%n%n", environment.runtime(),
                environment.model(), environment.cores(), environment.memoryBytes() / 1073741824.0, environment.java(), environment.recordedAt()));
        md.append("## Steps\n\n");
        for (StepProgress.Status s : steps) {
            md.append("- [").append(s.done() ? "x" : " ").append("] ").append(s.skipped() ? "(skipped) " : "").append(s.title()).append(": ").append(s.detail()).append('\n');
        }
        md.append("\n## Checklist\n\n");
        for (Checklist.Tick t : checklist) {
            md.append("- [").append(t.earned() ? "x" : " ").append("] ").append(t.title()).append('\n');
            t.items().forEach(e -> md.append("  - ").append(e.kind()).append(' ').append(e.id()).append(": ").append(e.detail()).append('\n'));
        }
        for (ExperimentRun r : runs) {
            md.append("\n## Experiment ").append(r.experiment()).append(" (").append(r.finishedAt()).append(")\n\n");
            if (r.parameters() != null) {
                md.append("Parameters: ");
                r.parameters().forEach((k, v) -> md.append(k).append(' ').append(v).append(" · "));
                md.setLength(md.length() - 3);
                md.append("\n\n");
            }
            md.append("| figure | value |\n|---|---|\n");
            r.figures().forEach((k, v) -> md.append("| ").append(k).append(" | ")
                    .append(v == null ? "not measured" : String.format(Locale.ROOT, "%.3f", v)).append(" |\n"));
            md.append('\n');
            r.checks().forEach(c -> md.append("- ").append(c.passed() ? "PASS " : "FAIL ").append(c.check()).append(": ").append(c.message()).append('\n'));
        }
        md.append("\n## Answers\n");
        answers.forEach((q, a) -> md.append("\n**").append(q).append("**\n\n").append(a).append('\n'));
        return md.toString();
    }
}
