package lab.ml.model;

import lab.ml.MlConfig;
import lab.ml.model.offline.OfflineModel;
import lab.ml.model.torch.TorchScriptFixture;
import lab.service.ops.StartupTimeline;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading in timed phases, and the fallback when the model zoo cannot be reached. */
class ModelLoaderTest {

    private static MlConfig config(String uri) throws Exception {
        return MlConfig.from(Map.of("MODEL_URI", uri, "MODEL_CACHE_DIR", OfflineModel.defaultCache().toString()));
    }

    private static List<String> phaseNames(StartupTimeline t) {
        return t.phases().stream().map(StartupTimeline.Phase::name).toList();
    }

    @Test
    void anUnreachableZooFallsBackToTheOfflineModelAndSaysWhy() throws Exception {
        StartupTimeline timeline = new StartupTimeline();
        // A loopback port nothing listens on: unreachable at once, and no traffic leaves the machine.
        LoadedModel m = new ModelLoader(config("https://127.0.0.1:9/distilbert-sst2.zip"), timeline).load();
        try (TextClassifier c = m.classifier()) {
            assertTrue(m.fallback());
            assertEquals(OfflineModel.NAME, c.name());
            assertTrue(m.fallbackReason().contains("127.0.0.1:9"), m.fallbackReason());
            timeline.ready();
            assertEquals(List.of("jvm_start", "model_resolve", "fallback_engine_init", "fallback_model_resolve",
                    "fallback_model_load", "fallback_warmup"), phaseNames(timeline),
                    "each phase once (they label /metrics), and no PyTorch engine for a model that was never had");
        }
    }

    @Test
    void aLocalTorchScriptDirectoryLoadsWithoutFallback() throws Exception {
        StartupTimeline timeline = new StartupTimeline();
        LoadedModel m = new ModelLoader(config(TorchScriptFixture.tiny().toString()), timeline).load();
        try (TextClassifier c = m.classifier()) {
            assertFalse(m.fallback());
            assertEquals("local directory", m.source());
            assertEquals("distilbert-architecture-tiny-random-weights", c.name());
            assertTrue(m.loadSeconds() > 0);
            timeline.ready();
            assertEquals(List.of("jvm_start", "engine_init", "model_load", "warmup"), phaseNames(timeline));
        }
    }

    @Test
    void aMissingModelIsAnErrorNotAFallback() throws Exception {
        var empty = Files.createTempDirectory("empty-model");
        Exception e = assertThrows(Exception.class, () -> new ModelLoader(config(empty.toString()), new StartupTimeline()).load());
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }
}
