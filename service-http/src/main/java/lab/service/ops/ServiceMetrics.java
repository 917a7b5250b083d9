package lab.service.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import lab.service.http.ServiceServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The service's Prometheus metrics: requests by route and status, a latency histogram, resident
 * memory, readiness and the start-up phases. A service adds its own metrics to {@link #registry()}.
 * The format follows the scraper's Accept header as a Prometheus server negotiates it: the text format
 * by default, protobuf (the lab portal's scrape) or OpenMetrics when asked for.
 */
public final class ServiceMetrics implements ServiceServer.RequestObserver {
    /** A scrape in the format asked for. */
    public record Scrape(String contentType, byte[] body) {
    }

    /** Found on the first scrape, not at start: the protobuf writer's classes are not a start-up cost. */
    private static final class Formats {
        static final ExpositionFormats ALL = ExpositionFormats.init();
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Info info;
    private final ServiceIdentity identity;
    private boolean runtimeMetrics;

    public ServiceMetrics(ServiceIdentity identity, StartupTimeline timeline, Readiness readiness) {
        requests = Counter.builder().name("http_requests_total")
                .help("HTTP requests answered, by route and status code")
                .labelNames("route", "status").register(registry);
        latency = Histogram.builder().name("http_request_duration_seconds")
                .help("Time from dispatch to the last byte of the answer, by route")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .labelNames("route").register(registry);
        GaugeWithCallback.builder().name("service_ready")
                .help("1 while the service takes traffic (started, not broken, not shutting down), else 0")
                .callback(cb -> cb.call(readiness.ready() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("service_startup_seconds")
                .help("Seconds from JVM start to ready (absent until ready)")
                .callback(cb -> {
                    if (timeline.isReady()) cb.call(timeline.secondsToReady());
                }).register(registry);
        GaugeWithCallback.builder().name("service_startup_phase_seconds")
                .help("Duration of each completed start-up phase")
                .labelNames("phase")
                .callback(cb -> timeline.phases().forEach(p -> cb.call(p.durationS(), p.name()))).register(registry);
        info = Info.builder().name("service_info")
                .help("The service, its version and the model it serves")
                .labelNames("service", "version", "model").register(registry);
        this.identity = identity;
        refreshIdentity();
    }

    /**
     * The JVM and process metrics every dashboard expects (jvm_memory_*, jvm_gc_*, jvm_threads_*,
     * process_cpu_seconds_total, process_start_time_seconds, process_resident_memory_bytes, ...), from the
     * Prometheus client's own instrumentation, set up by the first scrape: their MXBeans cost tens of
     * milliseconds and about 9 MB of resident memory, which start-up, and a service nobody scrapes, should
     * not pay.
     */
    private synchronized void ensureRuntimeMetrics() {
        if (runtimeMetrics) return;
        JvmMetrics.builder().register(registry);
        runtimeMetrics = true;
    }

    /** Call when the served model changes (the ML service only knows it once loading has decided). */
    public void refreshIdentity() {
        info.setLabelValues(identity.service(), identity.version(), identity.model());
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void observe(String route, int status, double seconds) {
        requests.labelValues(route, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
    }

    /** The text format (version 0.0.4). */
    public Scrape scrape() {
        return scrape(null);
    }

    /** In the format the Accept header asks for (null or anything else: the text format). */
    public Scrape scrape(String accept) {
        try {
            ensureRuntimeMetrics();
            ExpositionFormatWriter writer = Formats.ALL.findWriter(accept);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            writer.write(out, registry.scrape());
            return new Scrape(writer.getContentType(), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
