package lab.service;

import com.eclipsesource.json.JsonObject;
import lab.service.http.AdmissionControl;
import lab.service.http.ApiError;
import lab.service.http.ServiceServer;
import lab.service.ops.OpsEndpoints;
import lab.service.ops.ServiceIdentity;
import lab.service.ops.ServiceMetrics;
import lab.service.ops.StartupTimeline;
import lab.service.sentiment.AnalyzeEndpoints;
import lab.service.sentiment.SentimentModel;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One sentiment service process: the HTTP server comes up first, then the model is put in its slot,
 * and only then is the service ready. Both services are this class with a different model loader.
 */
public final class SentimentService {
    private final ServiceConfig config;
    private final StartupTimeline timeline;
    private final ServiceMetrics metrics;
    private final ServiceServer server;
    private final AtomicReference<SentimentModel> model = new AtomicReference<>();
    private volatile Supplier<ApiError> notReady;
    private int port;

    private SentimentService(String service, String version, ServiceConfig config, StartupTimeline timeline,
                             Consumer<JsonObject> extraInfo) {
        this.config = config;
        this.timeline = timeline;
        ServiceIdentity identity = new ServiceIdentity(service, version, () -> {
            SentimentModel m = model.get();
            return m == null ? null : m.name();
        });
        this.metrics = new ServiceMetrics(identity, timeline);
        this.server = new ServiceServer(metrics, new AdmissionControl(config.workerThreads(), config.queueCapacity(), 1));
        this.notReady = this::defaultNotReady;
        new OpsEndpoints(identity, timeline, metrics, extraInfo).register(server);
        new AnalyzeEndpoints(config, model::get, () -> notReady.get()).register(server);
    }

    public static SentimentService create(String service, String version, ServiceConfig config,
                                          Consumer<JsonObject> extraInfo) {
        return new SentimentService(service, version, config, new StartupTimeline(), extraInfo);
    }

    /**
     * Starts listening; the service is live from here on, not yet ready. Start-up goes on with the
     * named phase (the JVM's own start-up up to this point is phase "jvm_start").
     */
    public int listen(String nextPhase) throws IOException {
        port = server.start(config.bind(), config.port());
        timeline.begin(nextPhase);
        return port;
    }

    /** Puts the loaded model in service: from now on the service is ready. */
    public void serve(SentimentModel loaded) {
        model.set(loaded);
        metrics.refreshIdentity();
        timeline.ready();
    }

    /** Replaces how a not-ready answer is worded (the ML service estimates Retry-After from its phases). */
    public void onNotReady(Supplier<ApiError> answer) {
        this.notReady = answer;
    }

    private ApiError defaultNotReady() {
        String why = timeline.failure() != null ? "start-up failed: " + timeline.failure()
                : "still starting (phase '" + timeline.currentPhase() + "')";
        return new ApiError(503, "not_ready", "the service is not ready: " + why, 1);
    }

    public StartupTimeline timeline() {
        return timeline;
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    public ServiceConfig config() {
        return config;
    }

    public int port() {
        return port;
    }

    public void stop() {
        server.stop();
    }
}
