package lab.portal.progress;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.WriterConfig;
import lab.portal.content.Check;
import lab.portal.experiment.Evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learner's run of the lab, to export (JSON to move between machines, Markdown to read) and to import
 * back: the environment it ran in, every experiment's measured figures and check results, the answers
 * and the checklist.
 */
public record LabReport(Environment environment, List<ExperimentRun> runs, Map<String, String> answers,
                        List<Checklist.Tick> checklist) {

    /** Where the figures were measured: they mean little without it. */
    public record Environment(String runtime, String model, int cores, long memoryBytes, String java, String recordedAt) {
    }

    public record ExperimentRun(String experimentId, String finishedAt, Map<String, Double> figures, List<Check.Result> checks) {
    }

    public String toJson() {
        JsonObject env = new JsonObject().add("runtime", environment.runtime()).add("model", environment.model())
                .add("cores", environment.cores()).add("memory_bytes", environment.memoryBytes())
                .add("java", environment.java()).add("recorded_at", environment.recordedAt());
        JsonArray runsJson = new JsonArray();
        for (ExperimentRun r : runs) {
            JsonObject figures = new JsonObject();
            r.figures().forEach((k, v) -> figures.add(k, Evidence.jsonNumber(v)));
            JsonArray checks = new JsonArray();
            for (Check.Result c : r.checks()) {
                checks.add(c.toJson());
            }
            runsJson.add(new JsonObject().add("experiment", r.experimentId()).add("finished_at", r.finishedAt())
                    .add("figures", figures).add("checks", checks));
        }
        JsonObject answersJson = new JsonObject();
        answers.forEach(answersJson::add);
        JsonArray ticks = new JsonArray();
        checklist.forEach(t -> ticks.add(t.toJson()));
        return new JsonObject().add("format", "inference-ops-lab-report/1").add("environment", env).add("runs", runsJson)
                .add("answers", answersJson).add("checklist", ticks).toString(WriterConfig.PRETTY_PRINT);
    }

    public static LabReport fromJson(String json) {
        JsonObject o = Json.parse(json).asObject();
        if (!"inference-ops-lab-report/1".equals(o.getString("format", ""))) {
            throw new IllegalArgumentException("not a lab report (format inference-ops-lab-report/1): " + o.getString("format", "none"));
        }
        JsonObject env = o.get("environment").asObject();
        Environment environment = new Environment(env.getString("runtime", ""), env.getString("model", ""), env.getInt("cores", 0),
                env.getLong("memory_bytes", 0), env.getString("java", ""), env.getString("recorded_at", ""));
        List<ExperimentRun> runs = new ArrayList<>();
        for (JsonValue v : o.get("runs").asArray()) {
            JsonObject r = v.asObject();
            Map<String, Double> figures = new LinkedHashMap<>();
            r.get("figures").asObject().forEach(m -> figures.put(m.getName(), Evidence.number(m.getValue())));
            List<Check.Result> checks = new ArrayList<>();
            for (JsonValue c : r.get("checks").asArray()) {
                JsonObject k = c.asObject();
                checks.add(Check.Result.fromJson(k));
            }
            runs.add(new ExperimentRun(r.getString("experiment", ""), r.getString("finished_at", ""), figures, checks));
        }
        Map<String, String> answers = new LinkedHashMap<>();
        o.get("answers").asObject().forEach(m -> answers.put(m.getName(), m.getValue().asString()));
        List<Checklist.Tick> ticks = new ArrayList<>();
        for (JsonValue v : o.get("checklist").asArray()) {
            JsonObject t = v.asObject();
            List<Checklist.Evidence> ev = new ArrayList<>();
            for (JsonValue e : t.get("evidence").asArray()) {
                JsonObject x = e.asObject();
                ev.add(new Checklist.Evidence(x.getString("kind", ""), x.getString("id", ""), x.getBoolean("satisfied", false), x.getString("detail", "")));
            }
            ticks.add(new Checklist.Tick(t.getString("criterion", ""), t.getString("title", ""), t.getBoolean("earned", false), ev));
        }
        return new LabReport(environment, runs, answers, ticks);
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# AI Inference Ops Lab — report\n\n");
        md.append(String.format("Runtime: %s · model: %s · %d cores, %.1f GiB · Java %s · %s%n%n", environment.runtime(),
                environment.model(), environment.cores(), environment.memoryBytes() / 1073741824.0, environment.java(), environment.recordedAt()));
        md.append("## Checklist\n\n");
        for (Checklist.Tick t : checklist) {
            md.append("- [").append(t.earned() ? "x" : " ").append("] ").append(t.title()).append('\n');
            t.evidence().forEach(e -> md.append("  - ").append(e.kind()).append(' ').append(e.id()).append(": ").append(e.detail()).append('\n'));
        }
        for (ExperimentRun r : runs) {
            md.append("\n## Experiment ").append(r.experimentId()).append(" (").append(r.finishedAt()).append(")\n\n| figure | value |\n|---|---|\n");
            r.figures().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(String.format("%.3f", v)).append(" |\n"));
            md.append('\n');
            r.checks().forEach(c -> md.append("- ").append(c.passed() ? "PASS " : "FAIL ").append(c.checkId()).append(": ").append(c.message()).append('\n'));
        }
        md.append("\n## Answers\n");
        answers.forEach((q, a) -> md.append("\n**").append(q).append("**\n\n").append(a).append('\n'));
        return md.toString();
    }
}
