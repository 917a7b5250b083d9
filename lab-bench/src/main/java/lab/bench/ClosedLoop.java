package lab.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of clients each sending its next request when the last is answered: the right tool
 * for "how many requests per second at concurrency N" (not for latency under a given rate).
 */
final class ClosedLoop {
    record Result(int concurrency, double requestsPerSecond, long ok, long failed, Histogram latencyMicros) {
        double p(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private ClosedLoop() {
    }

    /** Clients keep sending until {@code duration} has passed. */
    static Result run(URI target, String json, int concurrency, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        return run(target, json, concurrency, () -> System.nanoTime() < end);
    }

    /** Clients send {@code total} requests between them. */
    static Result requests(URI target, String json, int concurrency, int total) throws Exception {
        AtomicLong left = new AtomicLong(total);
        return run(target, json, concurrency, () -> left.getAndDecrement() > 0);
    }

    private static Result run(URI target, String json, int concurrency, java.util.function.BooleanSupplier more) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        Histogram h = new Histogram(60_000_000, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(pool.submit(() -> {
                while (more.getAsBoolean()) {
                    long t = System.nanoTime();
                    HttpResponse<Void> r;
                    try {
                        r = client.send(req, HttpResponse.BodyHandlers.discarding());
                    } catch (java.io.IOException e) {
                        // a refused or dropped connection is a failed request, not the end of the measurement
                        failed.incrementAndGet();
                        continue;
                    }
                    long micros = Math.max(1, (System.nanoTime() - t) / 1000);
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                        synchronized (h) {
                            h.recordValue(Math.min(micros, 60_000_000));
                        }
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : clients) f.get();
        } finally {
            pool.shutdownNow(); // its threads must not keep the JVM alive after a failure
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(concurrency, ok.get() / seconds, ok.get(), failed.get(), h);
    }
}
