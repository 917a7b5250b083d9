package lab.portal;

import lab.portal.cleanup.LabCleanup;
import lab.portal.content.LabContent;
import lab.portal.evidence.Evidence;
import lab.portal.experiment.Experiment;
import lab.portal.experiment.ExperimentCatalog;
import lab.portal.experiment.ExperimentContext;
import lab.portal.experiment.ExperimentFailure;
import lab.portal.experiment.ExperimentRunner;
import lab.portal.experiment.Wait;
import lab.portal.kubernetes.KubernetesAdvice;
import lab.portal.live.LiveFeed;
import lab.portal.ops.PortalMetrics;
import lab.portal.progress.LabProgress;
import lab.portal.progress.BlockRunStore;
import lab.portal.progress.ProgressStore;
import lab.portal.stage.Stage;
import lab.portal.tutorial.BlockRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import lab.portal.runtime.RuntimeChoice;
import lab.portal.runtime.ServedModel;
import lab.portal.runtime.ServiceRuntime;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
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

    /** An experiment that waits for nothing, until it is cancelled: a run the test controls. */
    public static final class WaitsUntilCancelled implements Experiment {
        @Override
        public String id() {
            return "startup";
        }

        @Override
        public Evidence run(ExperimentContext context) throws ExperimentFailure {
            started.countDown();
            context.await(Wait.until("a cancel", () -> false).timeout(Duration.ofMinutes(2)));
            return Evidence.NONE;
        }
    }

    @Bean
    LabProperties labProperties() {
        return new LabProperties(LabFixture.REPO.toString(), "content/lab.yaml", System.getProperty("java.io.tmpdir"),
                RuntimeChoice.Mode.LOCAL, "unix:///nowhere", Duration.ofSeconds(30), List.of(), "inference-lab-model-cache-it", "",
                new LabProperties.Services(new LabProperties.Service(LabFixture.freePort(), "t", "b", 0, "", ""),
                        new LabProperties.Service(LabFixture.freePort(), "m", "b", 0, "offline", "")));
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
    ServedModel servedModel(JsonMapper json) {
        return new ServedModel(json);
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
    ExperimentRunner experimentRunner(LabContent lab, ExperimentCatalog catalog, ServiceRuntime runtime, ProgressStore store, LiveFeed feed,
                                      ServedModel model, Stage stage, LabProgress progress, LabProperties properties) {
        return new ExperimentRunner(lab, catalog, runtime, store, feed, model, stage, progress, PortalMetrics.none(), properties);
    }

    @Bean
    PortalMetrics portalMetrics() {
        return PortalMetrics.none();
    }

    @Bean
    Stage stage() {
        return new Stage();
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
    BlockRunner blockRunner(LabContent lab, ServiceRuntime runtime, BlockRunStore blocks, LabProgress progress, LiveFeed feed, Stage stage,
                            LabProperties properties) {
        return new BlockRunner(lab, runtime, blocks, progress, feed, stage, PortalMetrics.none(), properties);
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

    /** The portal's data directory, unused by the slices but part of its properties. */
    public static Path tmp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
