package lab.ml.model;

import ai.djl.engine.Engine;
import lab.ml.MlConfig;
import lab.ml.model.offline.EncoderFiles;
import lab.ml.model.offline.MiniLmEncoder;
import lab.ml.model.offline.OfflineModel;
import lab.ml.model.offline.SentimentHead;
import lab.ml.model.torch.RemoteResolution;
import lab.ml.model.torch.TorchClassifier;
import lab.service.ops.StartupTimeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Loads the model MODEL_URI names, one timed phase at a time (engine_init, model_resolve, model_load,
 * warmup), and falls back to the offline model when a remote model can be had neither from its
 * repository nor from the cache; the fallback's phases are named {@code fallback_*}. A model that cannot
 * be loaded at all leaves the timeline failed: the service stays live and says why it is not ready.
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
        ModelSource source = ModelSource.parse(config.modelUri());
        if (source instanceof ModelSource.Remote remote) {
            try {
                return warm(loadRemote(remote), "");
            } catch (Exception | LinkageError e) { // LinkageError: a native library that will not load; the fallback uses another engine
                String reason = "model " + remote.uri() + " could not be loaded (" + RootCause.of(e) + ")";
                LOG.warning(reason + " after " + round(timeline.currentPhaseSeconds()) + " s in phase "
                        + timeline.currentPhase() + "; falling back to the offline model " + OfflineModel.NAME);
                return warm(loadOffline(reason), "fallback_");
            }
        }
        if (source instanceof ModelSource.LocalDirectory local) {
            return warm(loadLocal(local), "");
        }
        return warm(loadOffline(null), "");
    }

    private LoadedModel loadRemote(ModelSource.Remote remote) throws Exception {
        timeline.begin("engine_init");
        Engine.getEngine("PyTorch");
        timeline.begin("model_resolve");
        long t = System.nanoTime();
        RemoteResolution resolved = RemoteResolution.resolve(TorchClassifier.remote(remote, new DownloadProgress(remote.uri(), timeline::detail)));
        timeline.begin("model_load");
        TorchClassifier c = resolved.load();
        String note = null;
        if (resolved.origin() == ModelOrigin.CACHED_REPOSITORY_UNREACHABLE) {
            note = String.format("the repository could not be reached (%s); serving the cached copy in %s, cached %.1f days ago",
                    resolved.unreachableReason(), c.modelDir(), ageDays(c.modelDir()));
            LOG.warning("model " + remote.uri() + ": " + note);
        } else {
            LOG.info("model " + remote.uri() + ": " + resolved.origin().description() + " (" + c.modelDir() + ")");
        }
        return new LoadedModel(c, remote.uri(), remote.kind(), false, null, resolved.origin(), note, seconds(t));
    }

    /** How long ago the files were put in the cache: DJL moves the unpacked directory into place once complete. */
    private static double ageDays(Path dir) {
        try {
            return Duration.between(Files.getLastModifiedTime(dir).toInstant(), Instant.now()).toMinutes() / (24 * 60.0);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private LoadedModel loadLocal(ModelSource.LocalDirectory local) throws Exception {
        timeline.begin("engine_init");
        Engine.getEngine("PyTorch");
        timeline.begin("model_load");
        long t = System.nanoTime();
        TextClassifier c = TorchClassifier.fromDirectory(local.dir());
        return new LoadedModel(c, config.modelUri(), local.kind(), false, null, ModelOrigin.LOCAL_DIRECTORY, null, seconds(t));
    }

    private LoadedModel loadOffline(String fallbackReason) throws Exception {
        String prefix = fallbackReason == null ? "" : "fallback_";
        timeline.begin(prefix + "engine_init");
        Engine.getEngine("OnnxRuntime");
        timeline.begin(prefix + "model_resolve");
        long t = System.nanoTime();
        EncoderFiles files = EncoderFiles.materialise(config.cacheDir());
        timeline.begin(prefix + "model_load");
        MiniLmEncoder encoder = new MiniLmEncoder(files.onnx(), files.tokenizer(), config.inferenceThreads());
        TextClassifier c = new OfflineModel(encoder, SentimentHead.load());
        return new LoadedModel(c, config.modelUri(), "offline", fallbackReason != null, fallbackReason,
                files.fromCache() ? ModelOrigin.CACHED : ModelOrigin.UNPACKED, null, seconds(t));
    }

    /** One real inference before ready: the first call pays for lazy initialisation, not a user. */
    private LoadedModel warm(LoadedModel m, String phasePrefix) {
        timeline.begin(phasePrefix + "warmup");
        m.classifier().classify(List.of(WARMUP_TEXT));
        return m;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
