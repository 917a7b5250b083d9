package lab.portal.metrics;

import lab.portal.live.LiveEvent;
import lab.portal.live.LiveFeed;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.ServiceClient;
import lab.portal.runtime.ServiceRuntime;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scrapes every live replica's own /metrics about once a second, as Prometheus would, and streams what
 * changed over /live: request rate, p50/p99, errors, queue depth, batch size and readiness. A replica
 * whose scrape fails is reported with the reason. Each scrape has its own thread and a short timeout, so
 * one stalled replica delays no other.
 */
@Component
public class ServiceScraper implements DisposableBean {
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    private final ServiceRuntime runtime;
    private final Consumer<LiveEvent.Metrics> sink;
    private final Map<String, Reading> last = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService scrapes = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metrics-scrape");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    public ServiceScraper(ServiceRuntime runtime, LiveFeed feed) {
        this(runtime, feed::publishMetrics);
    }

    /** Scrapes {@code runtime}'s replicas each second; what each said goes to {@code sink}. */
    public ServiceScraper(ServiceRuntime runtime, Consumer<LiveEvent.Metrics> sink) {
        this.runtime = runtime;
        this.sink = sink;
        clock.scheduleWithFixedDelay(this::scrapeAll, 1, 1, TimeUnit.SECONDS);
    }

    private void scrapeAll() {
        Set<String> present = new HashSet<>();
        for (LabService service : LabService.values()) {
            for (Replica r : runtime.replicas(service)) {
                // a replica that does not answer /health yet has no metrics to give
                if (r.state() != ReplicaState.LIVE && r.state() != ReplicaState.READY) continue;
                present.add(r.id());
                if (inFlight.add(r.id())) scrapes.execute(() -> scrape(r));
            }
        }
        last.keySet().retainAll(present);
    }

    void scrape(Replica r) {
        scrape(r, true);
    }

    private void scrape(Replica r, boolean mayRetry) {
        try {
            HttpResponse<InputStream> response = ServiceClient.metrics(r.port(), Reading.ACCEPT, TIMEOUT);
            Reading now;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    failed(r, "/metrics answered " + response.statusCode());
                    return;
                }
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (!type.startsWith("application/vnd.google.protobuf")) {
                    failed(r, "/metrics did not offer the protobuf format (Content-Type " + type + ")");
                    return;
                }
                now = Reading.parse(body, System.nanoTime());
            }
            Reading before = last.put(r.id(), now);
            if (before == null) return; // rates need two readings
            Signals s = Signals.between(before, now);
            sink.accept(new LiveEvent.Metrics(r.id(), r.service().id(), System.currentTimeMillis(), s.requestsPerS(), s.p50Ms(), s.p99Ms(),
                    s.errorsPerS(), s.queueDepth(), s.batchSize(), s.ready(), null));
        } catch (HttpTimeoutException e) {
            failed(r, "no answer within " + TIMEOUT.toMillis() + " ms");
        } catch (ConnectException e) {
            failed(r, "connection refused");
        } catch (IOException e) {
            // A keep-alive connection the service closed between two scrapes reads as "closed": a GET may be sent again, once.
            if (mayRetry) scrape(r, false);
            else failed(r, "unreadable scrape: " + e.getMessage());
        } catch (RuntimeException e) {
            failed(r, "unreadable scrape: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.remove(r.id());
        }
    }

    private void failed(Replica r, String why) {
        last.remove(r.id());
        sink.accept(new LiveEvent.Metrics(r.id(), r.service().id(), System.currentTimeMillis(), null, null, null, null, null, null, null,
                "scrape failed: " + why));
    }

    @Override
    public void destroy() {
        clock.shutdownNow();
        scrapes.shutdownNow();
    }
}
