package lab.process.load;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed-model capacity measurement against a real local HTTP server that answers one request at a
 * time: what it reports must be what the server itself completed in the window.
 */
class ClosedLoadTest {
    static {
        // Without it the JDK server's Nagle delay costs ~40 ms per keep-alive request (environment.md).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;
    /** When the server finished each answer (System.nanoTime()). */
    private final Queue<Long> completed = new ConcurrentLinkedQueue<>();

    /** A server with one worker's capacity: each answer takes {@code serviceMillis}, one after another. */
    private URI serveOneAtATime(long serviceMillis) throws IOException {
        ReentrantLock worker = new ReentrantLock(true);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            worker.lock();
            try {
                Thread.sleep(serviceMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                completed.add(System.nanoTime());
                worker.unlock();
            }
            byte[] ok = "{}".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void manyCallersOnAShortWindowStillMeasureWhatTheServerCompleted() throws IOException {
        URI target = serveOneAtATime(20);
        Duration warmUp = Duration.ofMillis(500);
        Duration window = Duration.ofMillis(1500);
        long start = System.nanoTime();
        // 16 callers queue on one worker: each waits ~16 service times, so 16 requests are in flight when the
        // window opens. Counting only requests sent inside the window would miss them (16 of ~75 answers).
        ClosedLoad.Capacity measured = ClosedLoad.measure(target, "{}", 16, warmUp, window, () -> false);
        long from = start + warmUp.toNanos();
        long until = from + window.toNanos();
        double serverRate = completed.stream().filter(t -> t >= from && t <= until).count() / (window.toNanos() / 1e9);

        assertEquals(0, measured.errors());
        assertTrue(serverRate > 10, "the server completed too little to judge: " + serverRate + " req/s");
        double ratio = measured.answeredPerSecond() / serverRate;
        assertTrue(ratio > 0.9 && ratio < 1.1, "measured " + measured.answeredPerSecond() + " req/s; the server completed "
                + serverRate + " req/s in the window");
    }
}
