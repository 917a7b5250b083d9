package lab.portal.classroom;

import lab.portal.LabFixture;
import lab.portal.content.LabContent;
import lab.portal.progress.LabReport;
import lab.portal.progress.ReportJudge;
import lab.portal.progress.StepProgress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The class view built from reports: the lab's own content and experiments' schemas, reports made here. */
class ClassViewsTest {
    private static final LabContent LAB = LabFixture.content();
    private static final ClassViews VIEWS = new ClassViews(LAB, LabFixture.catalog().schemas());
    private static final ReportJudge JUDGE = new ReportJudge(LAB);

    private static LabReport.ExperimentRun run(String experiment, Map<String, Object> changes, Map<String, Double> figures) {
        Map<String, Object> parameters = new HashMap<>(LAB.experiment(experiment).parameters().recorded());
        parameters.putAll(changes);
        return new LabReport.ExperimentRun(experiment, Instant.now().toString(), parameters, figures, List.of());
    }

    private static Map<String, Double> startup(double mlReady) {
        return Map.of("ml.ready_s.median", mlReady, "ml.ready_s.min", mlReady, "traditional.ready_s.max", 0.4,
                "ml.live_to_ready_gap_s.min", mlReady - 0.5, "traditional.live_to_ready_gap_s.max", 0.0);
    }

    private static ClassViews.Received learner(String name, int cores, double memoryGib, List<StepProgress.Status> steps, LabReport.ExperimentRun... runs) {
        LabReport report = new LabReport(LabReport.FORMAT, new LabReport.Environment("local processes", "offline", cores,
                (long) (memoryGib * 1024 * 1024 * 1024), "25", Instant.now().toString()), List.of(runs), Map.of(), steps, List.of());
        return new ClassViews.Received(name, Instant.now(), report, JUDGE.judge(report));
    }

    private static ClassViews.Received learner(String name, LabReport.ExperimentRun... runs) {
        return learner(name, 4, 16, List.of(), runs);
    }

    private static ClassView.FigureSpread figure(ClassView view, String experiment, String figure) {
        return view.figures().stream().filter(f -> f.experiment().equals(experiment) && f.figure().equals(figure)).findFirst().orElseThrow();
    }

    @Test
    void eachLearnerIsAPointTheMedianIsTheClasssMiddleAndChangedParametersAreKeptApart() {
        ClassView view = VIEWS.view("A", List.of(learner("ada", run("startup", Map.of(), startup(2))),
                learner("bo", run("startup", Map.of(), startup(4))), learner("cy", run("startup", Map.of(), startup(30))),
                learner("di", run("startup", Map.of("repetitions", 5), startup(3)))));
        ClassView.FigureSpread ready = figure(view, "startup", "ml.ready_s.median");
        assertThat(ready.defaults().points()).extracting(ClassView.Point::learner).containsExactly("ada", "bo", "cy");
        assertThat(ready.defaults().median()).isEqualTo(4.0);
        assertThat(ready.changed().points()).extracting(ClassView.Point::learner).containsExactly("di");
        assertThat(ready.unit()).isEqualTo("s");
        assertThat(ready.perCore()).isFalse();
        assertThat(view.figures()).as("only figures someone measured").noneMatch(f -> f.experiment().equals("scaling"));
        assertThat(VIEWS.view("A", List.of(learner("ada", run("startup", Map.of(), startup(2))), learner("bo", run("startup", Map.of(), startup(4)))))
                .figures().stream().filter(f -> f.figure().equals("ml.ready_s.median")).findFirst().orElseThrow().defaults().median()).as("an even class: the mean of the middle two").isEqualTo(3.0);
    }

    @Test
    void ratesThatGrowWithCoresAreAlsoShownPerCore() {
        Map<String, Double> load = Map.of("ml.saturation_rps", 80.0);
        ClassView view = VIEWS.view("A", List.of(learner("two", 2, 8, List.of(), run("load", Map.of(), load)),
                learner("eight", 8, 32, List.of(), run("load", Map.of(), Map.of("ml.saturation_rps", 160.0)))));
        ClassView.FigureSpread saturation = figure(view, "load", "ml.saturation_rps");
        assertThat(saturation.perCore()).isTrue();
        assertThat(saturation.defaults().points()).extracting(ClassView.Point::perCore).containsExactly(40.0, 20.0);
        assertThat(saturation.defaults().medianPerCore()).isEqualTo(30.0);
        assertThat(saturation.defaults().median()).isEqualTo(120.0);
    }

    /** A report that says its checks passed and its step is done, with figures that fail the check. */
    @Test
    void aForgedReportIsJudgedOnItsFiguresAndItsStepIsStuck() {
        Map<String, Double> forged = new HashMap<>(startup(2));
        forged.put("ml.ready_s.min", 0.1); // quicker than traditional-api's slowest: ml-ready-later fails
        LabReport.ExperimentRun claimed = new LabReport.ExperimentRun("startup", Instant.now().toString(), LAB.experiment("startup").parameters().recorded(),
                forged, List.of(new lab.portal.content.Check.Result("ml-ready-later", true, "passed, honest", 9.0, 0.1)));
        String step = LAB.experiment("startup").step();
        List<StepProgress.Status> steps = List.of(new StepProgress.Status(step, "t", "c", true, false, "done", "#" + step));
        ClassView view = VIEWS.view("A", List.of(learner("mallory", 2, 8, steps, claimed),
                learner("honest", 2, 8, steps, run("startup", Map.of(), startup(2)))));
        ClassView.Learner mallory = view.learners().getFirst();
        assertThat(mallory.checksFailed()).isGreaterThanOrEqualTo(1);
        assertThat(mallory.stepsDone()).isZero();
        assertThat(view.learners().get(1).checksFailed()).isZero();
        assertThat(view.learners().get(1).stepsDone()).isEqualTo(1);
        ClassView.StepStall stall = view.steps().stream().filter(s -> s.step().equals(step)).findFirst().orElseThrow();
        assertThat(stall.done()).isEqualTo(1);
        assertThat(stall.stuck()).isEqualTo(1);
        assertThat(stall.commonFailure().check()).isEqualTo("ml-ready-later");
        assertThat(stall.commonFailure().message()).contains("0.10", "no more than");
    }

    @Test
    void anOutlierIsExplainedByTheFirstRuleThatFitsAndOnlyInAClassOfThreeOrMore() {
        List<ClassViews.Received> learners = new ArrayList<>();
        for (double ready : new double[]{2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6}) learners.add(learner("at " + ready, run("startup", Map.of(), startup(ready))));
        learners.add(learner("no-cache", 4, 16, List.of(), run("startup", Map.of(), startup(9)),
                run("model-origins", Map.of(), Map.of("ml.cache.fetched_mb", 83.0))));
        learners.add(learner("small", 2, 4, List.of(), run("startup", Map.of(), startup(12))));
        learners.add(learner("busy", 4, 16, List.of(), run("startup", Map.of(), startup(10))));
        ClassView view = VIEWS.view("A", learners);
        Map<String, String> rules = new HashMap<>();
        view.outliers().forEach(o -> rules.put(o.learner(), o.rule()));
        assertThat(rules).containsExactlyInAnyOrderEntriesOf(Map.of("no-cache", "model-cache-not-kept", "small", "ready-on-a-small-machine",
                "busy", "ready-slow"));
        ClassView.Explained noCache = view.outliers().stream().filter(o -> o.learner().equals("no-cache")).findFirst().orElseThrow();
        assertThat(noCache.median()).as("the middle two of ten").isEqualTo((2.4 + 2.5) / 2);
        assertThat(noCache.explanation()).contains("after 9 s", "3.67×", "(2.45 s)", "model cache is not kept").doesNotContain("{");
        assertThat(view.outliers().stream().filter(o -> o.learner().equals("small")).findFirst().orElseThrow().explanation()).contains("4.0 GiB");
        assertThat(VIEWS.view("A", List.of(learners.get(0), learners.get(7))).outliers()).as("two learners make no class to stand out from").isEmpty();
    }

    /** A rate that grows with cores is compared per core: a 2-core laptop among 16-core machines is not an outlier for being small. */
    @Test
    void aRateStandsOutOnlyPerCore() {
        List<ClassViews.Received> learners = new ArrayList<>();
        for (int i = 0; i < 4; i++) learners.add(learner("big-" + i, 16, 64, List.of(), run("load", Map.of(), Map.of("ml.saturation_rps", 640.0))));
        learners.add(learner("small", 2, 8, List.of(), run("load", Map.of(), Map.of("ml.saturation_rps", 60.0))));
        assertThat(VIEWS.view("A", learners).outliers()).as("60 req/s on 2 cores is 30 per core, the class's 40 per core is not 3× that").isEmpty();
        learners.add(learner("busy", 2, 8, List.of(), run("load", Map.of(), Map.of("ml.saturation_rps", 20.0))));
        ClassView.Explained busy = VIEWS.view("A", learners).outliers().getFirst();
        assertThat(busy.learner()).isEqualTo("busy");
        assertThat(busy.rule()).isEqualTo("saturates-early");
        assertThat(busy.perCore()).isTrue();
        assertThat(busy.value()).isEqualTo(10.0);
        assertThat(busy.median()).isEqualTo(40.0);
        assertThat(busy.explanation()).contains("10 req/s per core", "(40 req/s per core)");
    }
}
