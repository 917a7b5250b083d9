package lab.service;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Loads and links, on a second thread while the main thread sets the service up, what the first request
 * needs: the JSON library (its bytecode is too old for class-data sharing), the metrics library, and the
 * JDK server's response path, whose string concatenations spin method handles on first use (~60 ms on
 * two cores). For that it serves one request on a throwaway server on an ephemeral loopback port.
 * Measured: the first /health after start-up went from ~67 ms to ~7 ms; process start to first 200
 * did not change beyond the noise (it is bound by the JVM's own start-up on two cores).
 * Only throwaway objects are touched: no request of the service is counted.
 * <p>
 * The throwaway server binds only after the service's own listener is bound: an ephemeral bind before
 * it could be handed the very port the service was told to use (a parent that picked a free port and
 * released it for the child to take), and the service would then fail to listen.
 */
final class ClassPreloading {
    private static final java.util.concurrent.CountDownLatch SERVICE_BOUND = new java.util.concurrent.CountDownLatch(1);
    /** A service that never binds exits on its own; the warm-up does not wait longer than this for it. */
    private static final long BIND_WAIT_SECONDS = 30;

    private ClassPreloading() {
    }

    /** The service's listener is bound: the throwaway server may take an ephemeral port now. */
    static void serviceBound() {
        SERVICE_BOUND.countDown();
    }

    static void startInBackground() {
        Thread t = new Thread(ClassPreloading::run, "class-preloading");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        exerciseLibraries();
        try {
            if (SERVICE_BOUND.await(BIND_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) exerciseJdkServer();
        } catch (IOException e) {
            // only a warm-up: the service works without it, its first answer is just slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void exerciseJdkServer() throws IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        } finally {
            server.stop(0);
        }
    }

    private static void exerciseLibraries() {
        JsonObject o = Json.parse("{\"text\":\"warm\",\"n\":1,\"ok\":true,\"list\":[1.5,null]}").asObject();
        o.add("error", "none").add("score", 0.5).add("live", true).toString();
        PrometheusRegistry throwaway = new PrometheusRegistry();
        Counter c = Counter.builder().name("preload_total").labelNames("route", "status").register(throwaway);
        Histogram h = Histogram.builder().name("preload_seconds").classicOnly().classicUpperBounds(0.001, 0.01)
                .labelNames("route").register(throwaway);
        c.labelValues("/", "200").inc();
        h.labelValues("/").observe(0.001);
        try {
            new PrometheusTextFormatWriter(false).write(new ByteArrayOutputStream(), throwaway.scrape());
        } catch (IOException impossible) {
            // writing to memory
        }
    }
}
