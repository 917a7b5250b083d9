package lab.service.ops;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.service.http.Response;
import lab.service.http.ServiceServer;

import java.util.function.Consumer;

/**
 * Liveness, readiness (plain and Open Inference Protocol paths), {@code /info} and {@code /metrics}.
 * Liveness never depends on the model: a live-but-not-ready process must not be restarted.
 */
public final class OpsEndpoints {
    private final ServiceIdentity identity;
    private final StartupTimeline timeline;
    private final Readiness readiness;
    private final ServiceMetrics metrics;
    private final Consumer<JsonObject> extraInfo;

    public OpsEndpoints(ServiceIdentity identity, StartupTimeline timeline, Readiness readiness, ServiceMetrics metrics,
                        Consumer<JsonObject> extraInfo) {
        this.identity = identity;
        this.timeline = timeline;
        this.readiness = readiness;
        this.metrics = metrics;
        this.extraInfo = extraInfo;
    }

    public void register(ServiceServer server) {
        server.get("/health", x -> live())
              .get("/v2/health/live", x -> live())
              .get("/ready", x -> ready())
              .get("/v2/health/ready", x -> ready())
              .get("/info", x -> Response.ok(info()))
              .get("/openapi.yaml", x -> Response.text("application/yaml", ApiDescription.yaml()))
              .get("/metrics", x -> {
                  ServiceMetrics.Scrape scrape = metrics.scrape(x.getRequestHeaders().getFirst("Accept"));
                  return Response.text(scrape.contentType(), scrape.body());
              });
    }

    private Response live() {
        return Response.ok(new JsonObject().add("live", true).add("status", "UP")
                .add("uptime_s", round(timeline.uptimeSeconds())));
    }

    private Response ready() {
        JsonObject body = new JsonObject()
                .add("ready", readiness.ready())
                .add("phase", readiness.phase())
                .add("elapsed_s", round(timeline.uptimeSeconds()))
                .add("model", identity.model());
        if (readiness.ready()) {
            return Response.ok(body);
        }
        return Response.json(503, body.add("reason", readiness.reason()));
    }

    JsonObject info() {
        JsonArray phases = new JsonArray();
        timeline.phases().forEach(p -> phases.add(new JsonObject().add("phase", p.name())
                .add("start_s", round(p.startS())).add("duration_s", round(p.durationS()))));
        JsonObject startup = new JsonObject().add("phases", phases).add("current_phase", timeline.currentPhase());
        if (timeline.isReady()) {
            startup.add("jvm_start_to_ready_s", round(timeline.secondsToReady()));
        }
        startup.add("jvm_start_to_listening_s", round(timeline.endOf("jvm_start")));
        JsonObject memory = new JsonObject()
                .add("resident_bytes", ProcessMemory.residentBytes())
                .add("heap_used_bytes", ProcessMemory.heapUsedBytes())
                .add("heap_committed_bytes", ProcessMemory.heapCommittedBytes());
        JsonObject info = new JsonObject()
                .add("service", identity.service())
                .add("version", identity.version())
                .add("model", identity.model())
                .add("pid", ProcessHandle.current().pid())
                .add("uptime_s", round(timeline.uptimeSeconds()))
                .add("ready", readiness.ready())
                .add("startup", startup)
                .add("memory", memory)
                .add("java", Runtime.version().toString())
                .add("cpus", Runtime.getRuntime().availableProcessors());
        extraInfo.accept(info);
        return info;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 1000) / 1000.0;
    }
}
