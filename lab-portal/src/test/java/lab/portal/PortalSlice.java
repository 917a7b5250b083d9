package lab.portal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.portal.activity.ActivityRunner;
import lab.portal.activity.Stage;
import lab.portal.activity.Wait;
import lab.portal.cleanup.LabCleanup;
import lab.portal.content.LabContent;
import lab.portal.cost.CostPanel;
import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.experiment.Experiment;
import lab.portal.experiment.ExperimentCatalog;
import lab.portal.experiment.ExperimentContext;
import lab.portal.experiment.ExperimentFailure;
import lab.portal.experiment.StartingState;
import lab.portal.experiment.Experiments;
import lab.portal.kubernetes.KubernetesAdvice;
import lab.portal.live.LiveFeed;
import lab.portal.ops.PortalMetrics;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.LabProgress;
import lab.portal.progress.ProgressStore;
import lab.portal.runtime.RuntimeChoice;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.services.ServedModel;
import lab.portal.services.ServiceControls;
import lab.portal.settings.LabProperties;
import lab.portal.tutorial.GuideBlocks;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The real collaborators the controllers' slice tests run against, all cheap: the repository's content,
 * a store on an in-memory database, a local runtime that starts nothing unless asked, and a catalog whose
 * "startup" experiment waits until it is cancelled (so a test can hold a run open).
 */
@TestConfiguration
public class PortalSlice {
    /** Counted down when the waiting experiment has started. */
    public static volatile CountDownLatch started = new CountDownLatch(1);

    /** The content's parameters of Experiment 1. */
    public record Repetitions(int repetitions) {
    }

    /** An experiment that waits for nothing, until it is cancelled: a run the test controls. */
    public static final class WaitsUntilCancelled implements Experiment<Repetitions> {
        @Override
        public String id() {
            return "startup";
        }

        @Override
        public Class<Repetitions> parameters() {
            return Repetitions.class;
        }

        @Override
        public StartingState startingState() {
            return StartingState.of(StartingState.Need.AS_FOUND, StartingState.Need.AS_FOUND);
        }

        @Override
        public EvidenceSchema schema() {
            return EvidenceSchema.builder().build();
        }

        @Override
        public Evidence run(ExperimentContext context, Repetitions parameters) throws ExperimentFailure {
            started.countDown();
            context.await(Wait.until("a cancel", () -> false).timeout(Duration.ofMinutes(2)));
            return Evidence.NONE;
        }
    }

    @Bean
    LabProperties labProperties() {
        return new LabProperties(LabFixture.REPO.toString(), "content/lab.yaml", System.getProperty("java.io.tmpdir"),
                LabProperties.RuntimeMode.LOCAL, "unix:///nowhere", Duration.ofSeconds(30), List.of(), "inference-lab-model-cache-it", "",
                new LabProperties.Services(new LabProperties.Service(LabFixture.freePort(), "t", "b", 0, "", ""),
                        new LabProperties.Service(LabFixture.freePort(), "m", "b", 0, "offline", "")));
    }

    /** The page's terminal is off in a slice: it has no server to open one on. */
    @Bean
    lab.portal.terminal.TerminalProperties terminalProperties() {
        return new lab.portal.terminal.TerminalProperties(false, 1, java.time.Duration.ofMinutes(1));
    }

    @Bean
    LabContent labContent() {
        return LabFixture.content();
    }

    @Bean
    JdbcTemplate labDatabase() {
        return LabFixture.database();
    }

    @Bean
    ProgressStore progressStore(JdbcTemplate db) {
        return new ProgressStore(db, LabFixture.JSON);
    }

    @Bean
    RuntimeChoice runtimeChoice() {
        return new RuntimeChoice(LabFixture.localRuntime(), "local processes: a slice test");
    }

    @Bean(destroyMethod = "close")
    ServiceRuntime serviceRuntime(RuntimeChoice choice) {
        return choice.runtime();
    }

    @Bean
    ServedModel servedModel(ServiceRuntime runtime, ApplicationEventPublisher events) {
        return new ServedModel(runtime, events);
    }

    @Bean
    LiveFeed liveFeed(ServiceRuntime runtime, ServedModel model, JsonMapper json) {
        return new LiveFeed(runtime, model, json);
    }

    @Bean
    ExperimentCatalog experimentCatalog() {
        return new ExperimentCatalog(List.of(new WaitsUntilCancelled()));
    }

    @Bean
    Stage stage() {
        return new Stage();
    }

    @Bean
    ActivityRunner activityRunner(Stage stage, ApplicationEventPublisher events) {
        return new ActivityRunner(stage, new SimpleMeterRegistry(), events);
    }

    @Bean
    Experiments experiments(LabContent lab, ExperimentCatalog catalog, ActivityRunner activities, ServiceRuntime runtime, ProgressStore store,
                            LiveFeed feed, ServedModel model, LabProperties properties) {
        return new Experiments(lab, catalog, activities, runtime, store, feed, model, properties);
    }

    @Bean
    PortalMetrics portalMetrics() {
        return PortalMetrics.none();
    }

    @Bean
    ServiceControls serviceControls(RuntimeChoice choice, ActivityRunner activities, PortalMetrics metrics) {
        return new ServiceControls(choice, activities, metrics);
    }

    @Bean
    BlockRunStore blockRunStore(JdbcTemplate db) {
        return new BlockRunStore(db);
    }

    @Bean
    LabProgress labProgress(LabContent lab, ProgressStore store, BlockRunStore blocks, ServedModel model, RuntimeChoice choice,
                            ApplicationEventPublisher events) {
        return new LabProgress(lab, store, blocks, model, choice, events);
    }

    @Bean
    GuideBlocks guideBlocks(LabContent lab, ActivityRunner activities, ServiceRuntime runtime, BlockRunStore blocks, LiveFeed feed,
                            LabProperties properties) {
        return new GuideBlocks(lab, activities, runtime, blocks, feed, properties);
    }

    @Bean
    LabCleanup labCleanup(ServiceRuntime runtime, ProgressStore store, BlockRunStore blocks, LabProgress progress, Stage stage,
                          LabProperties properties) {
        return new LabCleanup(runtime, store, blocks, progress, stage, properties);
    }

    @Bean
    KubernetesAdvice kubernetesAdvice(ProgressStore store, LabProperties properties) {
        return new KubernetesAdvice(store, properties);
    }

    @Bean
    CostPanel costPanel(ProgressStore store) {
        return new CostPanel(store);
    }

    /** A class portal too, so that the class's routes answer in the slices. */
    @Bean
    lab.portal.classroom.ClassSettings classSettings() {
        return new lab.portal.classroom.ClassSettings("Slice", "slice-code", "127.0.0.1", LabFixture.freePort());
    }

    @Bean
    lab.portal.progress.ReportJudge reportJudge(LabContent lab) {
        return new lab.portal.progress.ReportJudge(lab);
    }

    @Bean
    lab.portal.classroom.Classroom classroom(lab.portal.classroom.ClassSettings settings, JdbcTemplate db, lab.portal.progress.ReportJudge judge,
                                             LabContent lab, ExperimentCatalog catalog, ApplicationEventPublisher events) {
        return new lab.portal.classroom.Classroom(settings, new lab.portal.classroom.ClassReportStore(db), judge, lab, catalog, LabFixture.JSON, events);
    }

    @Bean
    lab.portal.classroom.ClassSender classSender(LabProgress progress) {
        return new lab.portal.classroom.ClassSender(progress, LabFixture.JSON);
    }

    /** The portal's data directory, unused by the slices but part of its properties. */
    public static Path tmp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
