package lab.portal.classroom;

import lab.portal.content.Check;
import lab.portal.content.ClassRules;
import lab.portal.content.GuideStep;
import lab.portal.content.LabContent;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.progress.LabReport;
import lab.portal.progress.ReportJudge;
import lab.portal.progress.StepProgress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the class view from the learners' reports: every run judged again here, figures set side by
 * side (default parameters apart from changed ones), steps counted, outliers explained by the content's
 * rules. Pure: the same reports give the same view.
 */
final class ClassViews {
    /** Fewer learners than this with a figure make no class median to stand out from. */
    static final int MIN_FOR_OUTLIERS = 3;
    private static final double GIB = 1024.0 * 1024 * 1024;

    /** A learner's report as it arrived, with its runs judged here. */
    record Received(String learner, Instant receivedAt, LabReport report, List<ReportJudge.JudgedRun> runs) {
        ClassView.Machine machine() {
            LabReport.Environment e = report.environment();
            return new ClassView.Machine(e.runtime(), e.cores(), Math.round(e.memoryBytes() / GIB * 10) / 10.0, e.model(), e.java());
        }

        ReportJudge.JudgedRun run(String experiment) {
            return runs.stream().filter(r -> r.run().experiment().equals(experiment)).findFirst().orElse(null);
        }

        Double figure(String experiment, String figure) {
            ReportJudge.JudgedRun r = run(experiment);
            return r == null ? null : r.run().figures().get(figure);
        }
    }

    private final LabContent lab;
    private final Map<String, EvidenceSchema> schemas;

    ClassViews(LabContent lab, Map<String, EvidenceSchema> schemas) {
        this.lab = lab;
        this.schemas = schemas;
    }

    ClassView view(String name, List<Received> reports) {
        List<ClassView.FigureSpread> figures = figures(reports);
        return new ClassView(name, Instant.now(), reports.stream().map(this::learner).toList(), figures, steps(reports), outliers(reports, figures));
    }

    /** A learner as the class shows them: checks passed and failed as judged here, steps done. */
    ClassView.Learner learner(Received r) {
        int passed = 0, failed = 0;
        for (ReportJudge.JudgedRun run : r.runs()) {
            for (Check.Result c : run.checks()) {
                if (c.passed()) passed++;
                else if (c.outcome() == Check.Outcome.FAILED) failed++;
            }
        }
        int done = (int) lab.guide().steps().stream().filter(s -> done(r, s)).count();
        return new ClassView.Learner(r.learner(), r.receivedAt(), r.machine(), r.runs().size(), passed, failed, done, lab.guide().steps().size());
    }

    private List<ClassView.FigureSpread> figures(List<Received> reports) {
        List<ClassView.FigureSpread> out = new ArrayList<>();
        for (LabContent.ExperimentSpec e : lab.experiments()) {
            EvidenceSchema schema = schemas.get(e.id());
            if (schema == null) continue;
            for (Figure f : schema.figures().values()) {
                boolean perCore = lab.classroom().perCore(e.id(), f.name());
                List<ClassView.Point> defaults = new ArrayList<>(), changed = new ArrayList<>();
                for (Received r : reports) {
                    ReportJudge.JudgedRun run = r.run(e.id());
                    Double v = run == null ? null : run.run().figures().get(f.name());
                    if (v == null || !Double.isFinite(v)) continue;
                    ClassView.Machine m = r.machine();
                    Double per = perCore && m.cores() > 0 ? v / m.cores() : null;
                    (run.defaultParameters() ? defaults : changed).add(new ClassView.Point(r.learner(), v, per, m.cores(), m.memoryGib(), m.runtime()));
                }
                if (defaults.isEmpty() && changed.isEmpty()) continue;
                out.add(new ClassView.FigureSpread(e.id(), f.name(), f.label(), f.unit().symbol(), perCore, group(defaults), group(changed)));
            }
        }
        return out;
    }

    private static ClassView.Group group(List<ClassView.Point> points) {
        return new ClassView.Group(List.copyOf(points), median(points.stream().map(ClassView.Point::value).toList()),
                median(points.stream().map(ClassView.Point::perCore).filter(Objects::nonNull).toList()));
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) return null;
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The checks of the step's experiments that failed when judged here. */
    private List<Check.Result> failed(Received r, GuideStep step) {
        List<Check.Result> out = new ArrayList<>();
        for (LabContent.ExperimentSpec e : lab.experiments()) {
            if (!e.step().equals(step.id())) continue;
            ReportJudge.JudgedRun run = r.run(e.id());
            if (run != null) run.checks().stream().filter(c -> c.outcome() == Check.Outcome.FAILED).forEach(out::add);
        }
        return out;
    }

    private static StepProgress.Status status(Received r, GuideStep step) {
        if (r.report().steps() == null) return null;
        return r.report().steps().stream().filter(s -> s != null && step.id().equals(s.step())).findFirst().orElse(null);
    }

    /** Done as the learner's report says, and borne out by their runs: a check of the step failing here undoes it. */
    private boolean done(Received r, GuideStep step) {
        StepProgress.Status s = status(r, step);
        return s != null && s.done() && failed(r, step).isEmpty();
    }

    private List<ClassView.StepStall> steps(List<Received> reports) {
        List<ClassView.StepStall> out = new ArrayList<>();
        for (GuideStep step : lab.guide().steps()) {
            int done = 0, skipped = 0, stuck = 0, notYet = 0;
            Map<String, Integer> failing = new LinkedHashMap<>();
            Map<String, String> messages = new LinkedHashMap<>();
            for (Received r : reports) {
                StepProgress.Status s = status(r, step);
                List<Check.Result> failed = failed(r, step);
                if (s != null && s.done() && failed.isEmpty()) done++;
                else if (s != null && s.skipped()) skipped++;
                else if (!failed.isEmpty()) stuck++;
                else notYet++;
                if (!(s != null && s.done() && failed.isEmpty())) {
                    for (Check.Result c : failed) {
                        failing.merge(c.check(), 1, Integer::sum);
                        messages.putIfAbsent(c.check(), c.message());
                    }
                }
            }
            ClassView.CommonFailure common = failing.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> new ClassView.CommonFailure(e.getKey(), e.getValue(), messages.get(e.getKey()))).orElse(null);
            out.add(new ClassView.StepStall(step.id(), step.title(), done, skipped, stuck, notYet, common));
        }
        return out;
    }

    /** Each learner's figure is explained by the first rule that fits it, among runs with the content's parameters. */
    private List<ClassView.Explained> outliers(List<Received> reports, List<ClassView.FigureSpread> figures) {
        List<ClassView.Explained> out = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (ClassRules.Outlier rule : lab.classroom().outliers()) {
            ClassView.FigureSpread spread = figures.stream().filter(f -> f.experiment().equals(rule.experiment()) && f.figure().equals(rule.figure()))
                    .findFirst().orElse(null);
            if (spread == null || spread.defaults().points().size() < MIN_FOR_OUTLIERS) continue;
            // A figure that grows with cores stands out only per core: a 2-core laptop is not slow beside a 16-core one.
            boolean perCore = spread.perCore() && spread.defaults().medianPerCore() != null;
            double median = perCore ? spread.defaults().medianPerCore() : spread.defaults().median();
            for (ClassView.Point p : spread.defaults().points()) {
                String key = p.learner() + "\n" + rule.experiment() + "\n" + rule.figure();
                double value = perCore && p.perCore() != null ? p.perCore() : p.value();
                if (explained.contains(key) || !rule.far(value, median)) continue;
                Received r = reports.stream().filter(x -> x.learner().equals(p.learner())).findFirst().orElseThrow();
                if (!rule.when().stream().allMatch(c -> holds(c, rule, r))) continue;
                explained.add(key);
                Map<String, String> machine = Map.of("cores", Integer.toString(p.cores()), "memory_gib", String.format(Locale.ROOT, "%.1f", p.memoryGib()),
                        "runtime", String.valueOf(p.runtime()));
                out.add(new ClassView.Explained(p.learner(), rule.id(), rule.experiment(), rule.figure(), value, median, perCore,
                        rule.explain(value, median, machine)));
            }
        }
        return out;
    }

    private static boolean holds(ClassRules.Condition c, ClassRules.Outlier rule, Received r) {
        Double v = switch (c.figure()) {
            case "env.cores" -> (double) r.machine().cores();
            case "env.memory_gib" -> r.machine().memoryGib();
            default -> r.figure(c.experiment() == null ? rule.experiment() : c.experiment(), c.figure());
        };
        return v != null && c.holds(v);
    }
}
