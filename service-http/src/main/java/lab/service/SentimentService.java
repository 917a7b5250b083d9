package lab.service;

import com.eclipsesource.json.JsonObject;
import lab.service.http.AdmissionControl;
import lab.service.http.ApiError;
import lab.service.http.ServiceServer;
import lab.service.ops.OpsEndpoints;
import lab.service.ops.Readiness;
import lab.service.ops.ServiceIdentity;
import lab.service.ops.ServiceMetrics;
import lab.service.ops.StartupTimeline;
import lab.service.sentiment.AnalyzeEndpoints;
import lab.service.sentiment.SentimentModel;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One sentiment service process: the HTTP server comes up first, then the model is put in its slot,
 * and only then is the service ready. Both services are this class with a different model loader.
 */
public final class SentimentService {
    private static final Logger LOG = Logger.getLogger(SentimentService.class.getName());

    private final ServiceConfig config;
    private final StartupTimeline timeline;
    private final Readiness readiness;
    private final ServiceMetrics metrics;
    private final ServiceServer server;
    private final AtomicReference<SentimentModel> model = new AtomicReference<>();
    private volatile Supplier<ApiError> notReady;
    private int port;

    private SentimentService(String service, String version, ServiceConfig config, StartupTimeline timeline,
                             Consumer<JsonObject> extraInfo) {
        this.config = config;
        this.timeline = timeline;
        this.readiness = new Readiness(timeline);
        ServiceIdentity identity = new ServiceIdentity(service, version, () -> {
            SentimentModel m = model.get();
            return m == null ? null : m.name();
        });
        this.metrics = new ServiceMetrics(identity, timeline, readiness);
        this.server = new ServiceServer(metrics, new AdmissionControl(config.workerThreads(), config.queueCapacity(), 1),
                config.maxExchanges());
        this.notReady = this::defaultNotReady;
        new OpsEndpoints(identity, timeline, readiness, metrics, extraInfo).register(server);
        new AnalyzeEndpoints(config, model::get, this::refusal).register(server);
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
        ClassPreloading.serviceBound();
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

    /** Why work is refused now (still loading, broken), or null when the model takes it. */
    private ApiError refusal() {
        if (model.get() == null) {
            return notReady.get();
        }
        String problem = readiness.problem();
        return problem == null ? null : new ApiError(503, "not_ready", "the service cannot answer: " + problem, 5);
    }

    /**
     * A graceful stop, as on SIGTERM: not ready at once (a load balancer stops sending), new work refused
     * with 503 and Retry-After, the work in progress finishes, for up to {@code grace}; then it stops.
     * Returns the number of requests the grace was too short for (0 when all finished).
     */
    public int drain(Duration grace) {
        readiness.drain();
        server.stopTakingWork(new ApiError(503, "shutting_down", "this replica is shutting down; retry on another", 1));
        long deadline = System.nanoTime() + grace.toNanos();
        int left;
        while ((left = server.workInProgress()) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.info(left == 0 ? "drained: every request in progress was answered; stopping"
                : "grace of " + grace.toSeconds() + " s over with " + left + " requests unanswered; stopping");
        server.stop();
        return left;
    }

    private ApiError defaultNotReady() {
        String why = timeline.failure() != null ? "start-up failed: " + timeline.failure()
                : "still starting (phase '" + timeline.currentPhase() + "')";
        return new ApiError(503, "not_ready", "the service is not ready: " + why, 1);
    }

    public StartupTimeline timeline() {
        return timeline;
    }

    public Readiness readiness() {
        return readiness;
    }

    /** Every route the server answers (path → methods): what the API description must list. */
    public Map<String, Set<String>> routes() {
        return server.routes();
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
