package lab.ml.model;

import ai.djl.engine.Engine;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import lab.ml.MlConfig;
import lab.ml.model.offline.EncoderFiles;
import lab.ml.model.offline.MiniLmEncoder;
import lab.ml.model.offline.OfflineArtifact;
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
 * Loads the model MODEL_URI names, one timed phase at a time (a remote model: model_resolve, engine_init,
 * model_load, warmup; a local one: engine_init, model_load, warmup), and falls back to the offline model
 * when a remote model can be had neither from its repository nor from the cache; the fallback's phases are named {@code fallback_*}. A model that cannot
 * be loaded at all leaves the timeline failed: the service stays live and says why it is not ready.
 */
public final class ModelLoader {
    private static final Logger LOG = Logger.getLogger(ModelLoader.class.getName());
    private static final String PYTORCH = "PyTorch";
    private static final String ONNX = "OnnxRuntime";
    static final String WARMUP_TEXT = "The parcel arrived on time and the support team was helpful.";

    private final MlConfig config;
    private final StartupTimeline timeline;

    public ModelLoader(MlConfig config, StartupTimeline timeline) {
        this.config = config;
        this.timeline = timeline;
    }

    /**
     * Starts loading the engine's native libraries on a thread of their own when MODEL_URI already says
     * which engine it needs (a local directory, the offline model): they load while the service starts
     * listening, and the engine_init phase only waits for the rest. A remote model's engine starts
     * loading when its download begins, so where the repository cannot be reached the fallback never
     * pays for PyTorch (~1 s and ~110 MB here). DJL creates each engine once, under a lock: whoever asks
     * for it meanwhile waits, and a failure here is met again, and reported, by the phase itself.
     */
    public static void preloadEngine(MlConfig config) {
        ModelSource source = parsedOrNull(config);
        if (source instanceof ModelSource.LocalDirectory local) {
            preload(OfflineArtifact.in(local.dir()) ? ONNX : PYTORCH);
        } else if (source instanceof ModelSource.Offline) {
            preload(ONNX);
        }
    }

    private static void preload(String engine) {
        SideTask.start("engine-preload", () -> Engine.getEngine(engine));
    }

    /** The phase start-up goes on with once the service listens. */
    public static String firstPhase(MlConfig config) {
        return parsedOrNull(config) instanceof ModelSource.Remote ? "model_resolve" : "engine_init";
    }

    /** A MODEL_URI that names nothing is reported by {@link #load()}, which the service survives. */
    private static ModelSource parsedOrNull(MlConfig config) {
        try {
            return ModelSource.parse(config.modelUri());
        } catch (IllegalArgumentException e) {
            return null;
        }
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
        if (remote instanceof ModelSource.Url url && OfflineArtifact.named(url.uri())) return loadOfflineArtifact(url);
        timeline.begin("model_resolve");
        long t = System.nanoTime();
        DownloadProgress progress = new DownloadProgress(remote.uri(), timeline::detail, () -> preload(PYTORCH));
        RemoteResolution resolved = RemoteResolution.resolve(TorchClassifier.remote(remote, progress));
        double resolveS = seconds(t);
        timeline.begin("engine_init");
        Engine.getEngine(PYTORCH);
        timeline.begin("model_load");
        t = System.nanoTime();
        TorchClassifier c = resolved.load();
        String note = null;
        if (resolved.origin() == ModelOrigin.CACHED_REPOSITORY_UNREACHABLE) {
            note = String.format("the repository could not be reached (%s); serving the cached copy in %s, cached %.1f days ago",
                    resolved.unreachableReason(), c.modelDir(), ageDays(c.modelDir()));
            LOG.warning("model " + remote.uri() + ": " + note);
        } else {
            LOG.info("model " + remote.uri() + ": " + resolved.origin().description() + " (" + c.modelDir() + ")");
        }
        return new LoadedModel(c, remote.uri(), remote.kind(), false, null, resolved.origin(), note, resolveS + seconds(t), c.modelDir(),
                progress.downloadedBytes());
    }

    /**
     * The offline model's artifact at a URL (a model repository on 127.0.0.1 serves it where DJL's zoo
     * cannot be reached): downloaded into DJL's cache, or found there, like any remote model.
     */
    private LoadedModel loadOfflineArtifact(ModelSource.Url url) throws Exception {
        timeline.begin("model_resolve");
        long t = System.nanoTime();
        DownloadProgress progress = new DownloadProgress(url.uri(), timeline::detail, () -> preload(ONNX));
        Repository repository = Repository.newInstance(OfflineArtifact.NAME, url.uri());
        MRL mrl = repository.getResources().get(0);
        Artifact artifact = mrl.getDefaultArtifact();
        boolean cached = mrl.isPrepared(artifact);
        mrl.prepare(artifact, progress);
        Path dir = artifactDirectory(repository.getResourceDirectory(artifact));
        double resolveS = seconds(t);
        timeline.begin("engine_init");
        Engine.getEngine(ONNX);
        timeline.begin("model_load");
        t = System.nanoTime();
        OfflineModel m = OfflineArtifact.load(dir, config.inferenceThreads());
        LOG.info("model " + url.uri() + ": " + (cached ? ModelOrigin.CACHED : ModelOrigin.DOWNLOADED).description() + " (" + dir + ")");
        return new LoadedModel(m, url.uri(), url.kind(), false, null, cached ? ModelOrigin.CACHED : ModelOrigin.DOWNLOADED, null, resolveS + seconds(t), dir,
                progress.downloadedBytes());
    }

    /** Where an unpacked archive put the files: the directory itself, or the one directory inside it. */
    private static Path artifactDirectory(Path unpacked) throws IOException {
        if (OfflineArtifact.in(unpacked)) return unpacked;
        try (var children = Files.list(unpacked)) {
            List<Path> dirs = children.filter(Files::isDirectory).filter(OfflineArtifact::in).toList();
            if (dirs.size() == 1) return dirs.get(0);
        }
        throw new IOException("the archive unpacked into " + unpacked + " holds no offline model (model.onnx, tokenizer.json, head.json)");
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
        boolean offline = OfflineArtifact.in(local.dir());
        timeline.begin("engine_init");
        Engine.getEngine(offline ? ONNX : PYTORCH);
        timeline.begin("model_load");
        long t = System.nanoTime();
        TextClassifier c = offline ? OfflineArtifact.load(local.dir(), config.inferenceThreads()) : TorchClassifier.fromDirectory(local.dir());
        return new LoadedModel(c, config.modelUri(), local.kind(), false, null, ModelOrigin.LOCAL_DIRECTORY, null, seconds(t), local.dir(), 0);
    }

    private LoadedModel loadOffline(String fallbackReason) throws Exception {
        String prefix = fallbackReason == null ? "" : "fallback_";
        timeline.begin(prefix + "engine_init");
        Engine.getEngine(ONNX);
        timeline.begin(prefix + "model_resolve");
        long t = System.nanoTime();
        EncoderFiles files = EncoderFiles.materialise(config.cacheDir());
        timeline.begin(prefix + "model_load");
        MiniLmEncoder encoder = new MiniLmEncoder(files.onnx(), files.tokenizer(), config.inferenceThreads());
        TextClassifier c = new OfflineModel(encoder, SentimentHead.load());
        return new LoadedModel(c, config.modelUri(), "offline", fallbackReason != null, fallbackReason,
                files.origin(), null, seconds(t), files.onnx().getParent(), 0);
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
