package lab.process.load;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The open-model generator against a real local HTTP server. */
class ConstantRateLoadTest {
    static {
        // Without it the JDK server's Nagle delay costs ~40 ms per keep-alive request (environment.md).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;

    private URI serve(long delayMillis, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] ok = "{}".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/analyze");
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void holdsTheTargetRateWithinFivePercent() throws IOException {
        URI target = serve(0, 4);
        LoadResult r = new ConstantRateLoad().run(LoadProfile.post(target, "{\"text\":\"x\"}", 500, Duration.ofSeconds(3)));
        assertEquals(1500, r.sent());
        assertEquals(1500, r.succeeded(), r.summary());
        assertTrue(Math.abs(r.achievedRate() - 500) <= 25, "achieved " + r.achievedRate() + " req/s");
        assertEquals(3, r.perSecond().size());
        r.perSecond().forEach(s -> assertTrue(Math.abs(s.completed() - 500) <= 25, "per second: " + s));
    }

    @Test
    void latencyOfAStalledServerCountsFromTheIntendedSendTime() throws IOException {
        // One worker that takes 100 ms per request, 20 requests due within one second over one connection:
        // a closed-loop client would report ~100 ms each; the last request here was due at ~0.95 s but could
        // only start at ~1.9 s, so its latency must show about a second of waiting.
        URI target = serve(100, 1);
        LoadProfile profile = new LoadProfile(target, "application/json", "{}".getBytes(), 20, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 1);
        LoadResult r = new ConstantRateLoad().run(profile);
        assertEquals(20, r.succeeded(), r.summary());
        assertTrue(r.percentileMs(50) < r.maxMs());
        assertTrue(r.maxMs() > 800, "the queueing delay is in the figure: max " + r.maxMs() + " ms");
        assertTrue(r.percentileMs(10) < 400, "early requests were quick: p10 " + r.percentileMs(10) + " ms");
    }

    @Test
    void refusedConnectionsAreCountedByKind() throws IOException {
        URI target = serve(0, 1);
        server.stop(0);
        server = null;
        LoadResult r = new ConstantRateLoad().run(new LoadProfile(target, "application/json", "{}".getBytes(), 50,
                Duration.ofSeconds(1), Duration.ofSeconds(1), 4));
        assertEquals(0, r.succeeded());
        assertEquals(50L, r.errors().get("connection_refused"), r.summary());
    }

    @Test
    void aStopEndsTheRunAtOnceWithWhatWasMeasured() throws IOException {
        URI target = serve(0, 2);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        long t0 = System.nanoTime();
        LoadResult r = new ConstantRateLoad().run(LoadProfile.post(target, "{}", 100, Duration.ofSeconds(30)),
                second -> stop.set(true), stop::get);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 5, "stopped within a second of being told, not after 30 s: " + seconds + " s");
        assertTrue(r.succeeded() > 50 && r.succeeded() < 1000, "what was sent until the stop is measured: " + r.summary());
    }
}
