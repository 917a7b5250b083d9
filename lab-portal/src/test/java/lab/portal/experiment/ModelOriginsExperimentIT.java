package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.ModelFixture;
import lab.portal.evidence.Evidence;
import lab.portal.runtime.LabService;
import lab.portal.runtime.RecordedEvents;
import lab.portal.runtime.local.LocalProcessRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Experiment 6 against the real ml-api and the real model loader: the model's files come from a model
 * repository the experiment serves on 127.0.0.1 (DJL's zoo cannot be reached here), built from the
 * TorchScript fixture; the run says so.
 */
class ModelOriginsExperimentIT {

    @Test
    void downloadThenCacheThenBakedEachTimedByPhase() throws Exception {
        Evidence e;
        RecordedEvents log = new RecordedEvents();
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            runtime.subscribe(log);
            try {
                e = LabFixture.run(new ModelOriginsExperiment(ModelFixture.djlArtifact(), Files.createTempDirectory("export").resolve("offline")), runtime, Map.of());
            } catch (ExperimentFailure failure) {
                throw new AssertionError(failure.getMessage() + "; ml-api said:\n" + String.join("\n",
                        log.logs.stream().map(l -> l.text()).toList().subList(Math.max(0, log.logs.size() - 40), log.logs.size())), failure);
            }
            assertThat(runtime.replicas(LabService.ML)).as("its replicas, pointed at its own cache, are stopped after it").isEmpty();
        }
        Map<String, Double> f = e.figures();
        assertThat(e.notes()).anyMatch(n -> n.contains("served on 127.0.0.1") && n.contains("a stand-in for DJL's model zoo"));
        for (String kind : new String[]{"download", "cache", "baked"}) {
            assertThat(f.get("ml." + kind + ".ready_s")).as(kind + " start timed: " + f).isPositive();
            assertThat(f.get("ml." + kind + ".model_load_s")).as(kind + " model_load phase measured").isNotNull();
        }
        assertThat(f.get("ml.download.megabytes")).isPositive();
        assertThat(f.get("ml.download.fetched_mb")).as("the download start fetched the artifact: " + f).isPositive();
        assertThat(f.get("ml.cache.fetched_mb")).as("the start from the cache fetched nothing").isZero();
        assertThat(f.get("ml.model_is_distilbert")).as("DistilBERT-SST-2's coordinates, from the directory the portal was given").isEqualTo(1.0);
        assertThat(e.series().get("ml.starts").rows()).hasSize(3);
        for (String id : new String[]{"cache-skips-download", "cache-downloads-nothing"}) {
            var r = LabFixture.content().check(id).evaluate(f);
            assertThat(r.passed()).as(id + ": " + r.message()).isTrue();
        }
    }

    /**
     * With no model directory and ml-api on its offline model (as without network), the project's own
     * offline model is exported, served on 127.0.0.1 and downloaded, cached and baked in like DistilBERT,
     * and the run says which model it was.
     */
    @Test
    void withoutAModelDirectoryTheOfflineModelTeachesTheSameThreeWays() throws Exception {
        Evidence e;
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            e = LabFixture.run(LabFixture.catalog().find("model-origins").orElseThrow(), runtime, Map.of());
        }
        Map<String, Double> f = e.figures();
        assertThat(e.notes()).anyMatch(n -> n.contains("The project's offline model") && n.contains("served on 127.0.0.1"));
        assertThat(f.get("ml.model_is_distilbert")).isZero();
        assertThat(f.get("ml.download.fetched_mb")).as("the archive, ~83 MB: " + f).isGreaterThan(50);
        assertThat(f.get("ml.cache.fetched_mb")).isZero();
        assertThat(f.get("ml.baked.fetched_mb")).isZero();
        assertThat(f.get("ml.cache.model_resolve_s")).isLessThan(f.get("ml.download.model_resolve_s"));
        assertThat(f.get("ml.baked.model_resolve_s")).as("a baked-in directory resolves nothing").isNull();
        for (String id : new String[]{"cache-skips-download", "cache-downloads-nothing"}) {
            var r = LabFixture.content().check(id).evaluate(f);
            assertThat(r.passed()).as(id + ": " + r.message()).isTrue();
        }
    }

    @Test
    void aReplicaThatWillNeverBeReadyFailsTheWaitAtOnceWithItsOwnReason() throws Exception {
        try (LocalProcessRuntime runtime = LabFixture.localRuntime()) {
            ExperimentContext context = LabFixture.context(runtime).withMl(LabFixture.settings(Map.of("MODEL_URI", Files.createTempDirectory("no-model").toString())));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> context.readyPort(LabService.ML)).isInstanceOf(ExperimentFailure.class)
                    .hasMessageContainingAll("ml-api will not become ready", "config.json");
            assertThat((System.nanoTime() - t0) / 1e9).as("not after the " + LabFixture.READY_TIMEOUT.toSeconds() + " s timeout").isLessThan(60);
        }
    }
}
