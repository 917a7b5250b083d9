package lab.ml;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.eclipsesource.json.JsonObject;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import lab.ml.batching.BatchMetrics;
import lab.ml.batching.DynamicBatcher;
import lab.ml.model.DjlTelemetry;
import lab.ml.model.LoadedModel;
import lab.ml.model.ModelLoader;
import lab.ml.model.offline.OfflineArtifact;
import lab.ml.model.offline.OfflineModel;
import lab.ml.model.offline.SentimentHead;
import lab.service.ClassDataTraining;
import lab.service.SentimentService;
import lab.service.ServiceConfig;
import lab.service.ServiceMain;
import lab.service.http.ApiError;
import lab.service.ops.StartupTimeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * ml-api: the transformer sentiment service. The HTTP server comes up first (live), the model loads
 * in timed phases, one warm-up inference runs, and only then is the service ready. Where the engine is
 * known up front, its native libraries load beside the HTTP server's start.
 */
public final class MlApi {
    private static final Logger LOG = Logger.getLogger(MlApi.class.getName());
    /** DJL probes for CUDA on every start; on a CPU machine that is two warnings of noise. Held: JUL keeps loggers weakly. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("ai.djl.util.cuda"),
            Logger.getLogger("ai.djl.onnxruntime.engine.OrtEngine"),
            // one warning per application index when the repository is unreachable: ModelLoader says it once
            Logger.getLogger("ai.djl.repository.zoo.ModelZoo"));

    private final SentimentService service;
    private final MlConfig config;
    private final AtomicReference<LoadedModel> loaded = new AtomicReference<>();

    private MlApi(ServiceConfig http, MlConfig config) {
        this.config = config;
        this.service = SentimentService.create("ml-api", version(), http, this::describe);
        service.onNotReady(this::notReady);
        registerMetrics();
    }

    /**
     * {@code java -jar ml-api.jar} serves; {@code java -jar ml-api.jar fetch} fills the model cache and exits;
     * {@code java -jar ml-api.jar export-offline <dir>} writes the offline model's artifact (what a model
     * repository can serve) into a directory and exits.
     */
    public static void main(String[] args) {
        DjlTelemetry.optOut(); // before fetch, export-offline or serving loads an engine
        if (args.length > 0 && args[0].equals("fetch")) {
            System.exit(FetchCommand.run(System.getenv()));
        }
        if (args.length > 0 && args[0].equals("export-offline")) {
            System.exit(exportOffline(args));
        }
        ServiceMain.run("ml-api", () -> {
            quietDjl();
            Map<String, String> env = MlConfig.httpDefaults(System.getenv());
            ServiceConfig http = ServiceConfig.from(env, 8002);
            MlConfig ml = MlConfig.from(env);
            engineDefaults(ml); // before any engine loads: PyTorch reads its threads once
            ModelLoader.preloadEngine(ml); // the engine's native libraries load while the HTTP server comes up
            MlApi api = new MlApi(http, ml);
            ServiceMain.drainOnTermination(api.service, http.shutdownGrace()); // also while the model loads
            api.start();
            if (ClassDataTraining.requested()) {
                trainTorchPath();
                ClassDataTraining.exercise(api.service.port());
                System.exit(0);
            }
        });
    }

    private static int exportOffline(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: java -jar ml-api.jar export-offline <directory>");
            return 2;
        }
        try {
            OfflineArtifact.write(Path.of(args[1]));
            System.out.println("ml-api export-offline: " + OfflineArtifact.NAME + " written to " + args[1]);
            return 0;
        } catch (IOException e) {
            System.err.println("ml-api export-offline: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The build's training run serves the offline model (no network, no Python); it sets up PyTorch's
     * engine and its arrays as well, so that a TorchScript model's start finds those classes in the
     * cache too. Best effort: where PyTorch cannot load, the build goes on and such a start loads them
     * as it always did.
     */
    private static void trainTorchPath() {
        try (NDManager arrays = Engine.getEngine("PyTorch").newBaseManager()) {
            arrays.create(new long[][]{{101, 2204, 102}}).toLongArray();
        } catch (Exception | LinkageError e) {
            LOG.warning("the ahead-of-time cache is made without PyTorch's classes: " + e);
        }
    }

    static void quietDjl() {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
    }

    /** Listens, then loads; returns when the service is ready or has given up (still live). */
    public SentimentService start() throws IOException {
        int port = service.listen(ModelLoader.firstPhase(config));
        LOG.info(String.format("ml-api %s live on %s:%d after %.3f s (JVM start -> listening); loading %s",
                version(), service.config().bind(), port, service.timeline().endOf("jvm_start"), config.modelUri()));
        try {
            LoadedModel m = new ModelLoader(config, service.timeline()).load();
            loaded.set(m);
            DynamicBatcher batcher = new DynamicBatcher(m.classifier(), config.maxBatchSize(), config.maxBatchDelay(),
                    config.queueCapacity(), config.requestTimeout(), new BatchMetrics(service.metrics().registry()));
            service.readiness().check(batcher::problem); // a broken inference worker makes the service not ready
            service.serve(new TransformerSentimentModel(servedName(m), batcher));
            LOG.info(String.format("ml-api ready after %.3f s: %s (%s%s, model files %s, resolved and loaded in %.3f s)%s",
                    service.timeline().secondsToReady(), servedName(m), m.source(), m.fallback() ? " fallback" : "",
                    m.origin().description(), m.loadSeconds(), phases()));
        } catch (Exception | LinkageError e) { // a native library that will not load is a LinkageError
            String why = "no model could be loaded: " + e.getMessage();
            service.timeline().fail(why);
            LOG.severe(why + " -- the service stays live but will never be ready");
        }
        return service;
    }

    static String servedName(LoadedModel m) {
        return m.fallback() ? OfflineModel.FALLBACK_NAME : m.classifier().name();
    }

    private String phases() {
        StringBuilder sb = new StringBuilder(";");
        for (StartupTimeline.Phase p : service.timeline().phases()) {
            sb.append(String.format(" %s %.3f s", p.name(), p.durationS()));
        }
        return sb.toString();
    }

    /** PyTorch's defaults spin-wait on every core; on a small machine that multiplies latency. */
    static void engineDefaults(MlConfig config) {
        String threads = Integer.toString(config.inferenceThreads());
        System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", config.cacheDir().resolve("djl").toString()));
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        System.setProperty("ai.djl.pytorch.graph_optimizer", System.getProperty("ai.djl.pytorch.graph_optimizer", "false"));
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
        // DJL downloads through URLConnection with no timeouts of its own: a network that drops packets
        // would hold start-up for minutes before the fallback. These make an unreachable zoo fail fast.
        System.setProperty("sun.net.client.defaultConnectTimeout", Long.toString(config.downloadConnectTimeout().toMillis()));
        System.setProperty("sun.net.client.defaultReadTimeout", Long.toString(config.downloadReadTimeout().toMillis()));
    }

    /** 503 while loading, with Retry-After estimated from how long loading has run so far. */
    private ApiError notReady() {
        StartupTimeline t = service.timeline();
        if (t.failure() != null) {
            return new ApiError(503, "not_ready", "the model could not be loaded: " + t.failure(), 30);
        }
        int retry = (int) Math.max(1, Math.min(30, Math.ceil(t.uptimeSeconds())));
        return new ApiError(503, "not_ready", String.format("the model is still loading (phase '%s', %.1f s so far)",
                t.currentPhase(), t.uptimeSeconds()), retry);
    }

    private void describe(JsonObject info) {
        info.add("method", "transformer").add("requested_model", config.modelUri());
        LoadedModel m = loaded.get();
        if (m != null) {
            info.add("model_source", m.source()).add("fallback", m.fallback())
                    .add("model_from_cache", m.fromCache()).add("model_files", m.origin().id())
                    .add("model_load_s", Math.round(m.loadSeconds() * 1000) / 1000.0);
            if (m.fallbackReason() != null) info.add("fallback_reason", m.fallbackReason());
            if (m.note() != null) info.add("model_files_note", m.note());
            if (m.modelDir() != null) info.add("model_dir", m.modelDir().toString());
            info.add("model_download_bytes", m.downloadedBytes());
            if (m.classifier() instanceof OfflineModel offline) {
                info.add("offline_model", offlineNote(offline.head()));
            }
        }
        info.add("batching", new JsonObject().add("max_batch_size", config.maxBatchSize())
                .add("max_batch_delay_ms", config.maxBatchDelay().toMillis()).add("queue_size", config.queueCapacity()))
                .add("inference_threads", config.inferenceThreads());
    }

    private static JsonObject offlineNote(SentimentHead head) {
        return new JsonObject()
                .add("note", "Not DistilBERT-SST-2: all-MiniLM-L6-v2 with a sentiment head trained on the lab's own "
                        + "customer-feedback data and SST-2's training split. Accuracy measured in ml-api/model/offline/MODEL_CARD.md.")
                .add("test_accuracy", head.provenance().getDouble("test_accuracy", -1))
                .add("sst2_dev_accuracy", head.provenance().getDouble("sst2_dev_accuracy", -1));
    }

    private void registerMetrics() {
        gauge("model_load_duration_seconds",
                "Seconds to resolve (download or cache) and load the model (cf. nv_model_load_duration_secs)", LoadedModel::loadSeconds);
        gauge("model_fallback", "1 when the offline model serves because the requested model could not be loaded",
                m -> m.fallback() ? 1 : 0);
        gauge("model_from_cache", "1 when the model's files came from the cache rather than the network, the jar or the files unpacked beside it",
                m -> m.fromCache() ? 1 : 0);
    }

    /** A gauge about the loaded model, absent until loading has finished. */
    private void gauge(String name, String help, java.util.function.ToDoubleFunction<LoadedModel> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            LoadedModel m = loaded.get();
            if (m != null) cb.call(value.applyAsDouble(m));
        }).register(service.metrics().registry());
    }

    static String version() {
        String v = MlApi.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
