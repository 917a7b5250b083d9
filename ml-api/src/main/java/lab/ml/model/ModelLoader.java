package lab.ml.model;

import ai.djl.engine.Engine;
import ai.djl.repository.zoo.Criteria;
import lab.ml.MlConfig;
import lab.ml.model.offline.MiniLmEncoder;
import lab.ml.model.offline.OfflineModel;
import lab.ml.model.offline.SentimentHead;
import lab.ml.model.torch.TorchClassifier;
import lab.service.ops.StartupTimeline;

import java.util.List;
import java.util.logging.Logger;

/**
 * Loads the model MODEL_URI names, one timed phase at a time (engine_init, model_resolve, model_load,
 * warmup), and falls back to the offline model when the zoo cannot be reached. A model that cannot be
 * loaded at all leaves the timeline failed: the service stays live and says why it is not ready.
 */
public final class ModelLoader {
    private static final Logger LOG = Logger.getLogger(ModelLoader.class.getName());
    static final String WARMUP_TEXT = "The parcel arrived on time and the support team was helpful.";

    private final MlConfig config;
    private final StartupTimeline timeline;

    public ModelLoader(MlConfig config, StartupTimeline timeline) {
        this.config = config;
        this.timeline = timeline;
    }

    /** Runs the phases; returns the loaded and warmed-up model, or throws with the reason. */
    public LoadedModel load() throws Exception {
        // LinkageError (a native library that cannot load) is caught too: the fallback may use another engine.
        ModelSource source = ModelSource.parse(config.modelUri());
        if (source instanceof ModelSource.Zoo zoo) {
            try {
                return warm(loadZoo(zoo));
            } catch (Exception | LinkageError e) {
                String reason = "model " + zoo.url() + " could not be loaded (" + rootCause(e) + ")";
                LOG.warning(reason + " after " + round(timeline.currentPhaseSeconds()) + " s in phase "
                        + timeline.currentPhase() + "; falling back to the offline model " + OfflineModel.NAME);
                return warm(loadOffline(config.modelUri(), reason));
            }
        }
        if (source instanceof ModelSource.LocalDirectory local) {
            timeline.begin("engine_init");
            Engine.getEngine("PyTorch");
            timeline.begin("model_load");
            long t = System.nanoTime();
            TextClassifier c = TorchClassifier.fromDirectory(local.dir());
            return warm(new LoadedModel(c, config.modelUri(), source.kind(), false, null, true, seconds(t)));
        }
        return warm(loadOffline(config.modelUri(), null));
    }

    private LoadedModel loadZoo(ModelSource.Zoo zoo) throws Exception {
        timeline.begin("engine_init");
        Engine.getEngine("PyTorch");
        timeline.begin("model_resolve");
        long t = System.nanoTime();
        Criteria<List<String>, List<Classification>> criteria = TorchClassifier.zoo(zoo.url());
        boolean cached = criteria.isDownloaded();
        if (!cached) {
            LOG.info("downloading " + zoo.url() + " into " + config.cacheDir());
            criteria.downloadModel();
        }
        timeline.begin("model_load");
        TextClassifier c = TorchClassifier.load(criteria);
        return new LoadedModel(c, zoo.url(), zoo.kind(), false, null, cached, seconds(t));
    }

    private LoadedModel loadOffline(String requested, String fallbackReason) throws Exception {
        timeline.begin(fallbackReason == null ? "engine_init" : "fallback_engine_init");
        Engine.getEngine("OnnxRuntime");
        timeline.begin("model_resolve");
        long t = System.nanoTime();
        var files = lab.ml.model.offline.EncoderFiles.materialise(config.cacheDir());
        timeline.begin("model_load");
        MiniLmEncoder encoder = new MiniLmEncoder(files.onnx(), files.tokenizer(), config.inferenceThreads());
        TextClassifier c = new OfflineModel(encoder, SentimentHead.load());
        return new LoadedModel(c, requested, "offline", fallbackReason != null, fallbackReason, files.fromCache(), seconds(t));
    }

    /** One real inference before ready: the first call pays for lazy initialisation, not a user. */
    private LoadedModel warm(LoadedModel m) {
        timeline.begin("warmup");
        m.classifier().classify(List.of(WARMUP_TEXT));
        return m;
    }

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
