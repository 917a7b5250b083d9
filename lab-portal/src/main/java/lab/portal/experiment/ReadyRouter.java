package lab.portal.experiment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.ServiceRuntime;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Experiment 5's front (nginx plays this part in the guide's Step 8): round-robin over the replicas of
 * one service that are READY, as a Service routes only to pods whose readiness probe passes. A replica can
 * be held out of rotation (a warm pool) and released at a spike. A replica that refuses the connection or
 * answers 503 is skipped for the next one; with none ready the answer is 503 with Retry-After. Each answer
 * names the replica that served it ({@code X-Replica}), and the router remembers when each replica first
 * answered: that is when it joined. Every request is forwarded on a thread of its own, so the front never
 * queues: an overloaded replica's own bounded queue refuses what it cannot take, as it would behind nginx.
 */
final class ReadyRouter implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The body of the front's own refusal: the services' error shape. */
    record Refusal(String error, String message) {
    }

    private final ServiceRuntime runtime;
    private final LabService service;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ReplicaConnections replicas = new ReplicaConnections(30_000);
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> firstAnswer = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    ReadyRouter(ServiceRuntime runtime, LabService service, int port) throws IOException {
        this.runtime = runtime;
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/", this::route);
        server.setExecutor(workers);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Keeps a replica out of rotation although it is ready (a pre-warmed standby). */
    void hold(String replicaId) {
        held.add(replicaId);
    }

    /** Puts a held replica into rotation. */
    void release(String replicaId) {
        held.remove(replicaId);
    }

    /** The replicas requests may go to now. */
    List<Replica> inRotation() {
        return runtime.replicas(service).stream()
                .filter(r -> r.state() == ReplicaState.READY && !held.contains(r.id())).toList();
    }

    /** When ({@link System#nanoTime}) the replica first answered a request through this front, if it has. */
    Optional<Long> firstAnswer(String replicaId) {
        return Optional.ofNullable(firstAnswer.get(replicaId));
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<Replica> ready = inRotation();
            int start = Math.floorMod(next.getAndIncrement(), Math.max(1, ready.size()));
            for (int i = 0; i < ready.size(); i++) {
                Replica r = ready.get((start + i) % ready.size());
                ReplicaConnections.Answer answer = replicas.send(r.port(), exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body);
                if (answer != null && (answer.status() != 503 || i == ready.size() - 1)) {
                    if (answer.status() < 500) firstAnswer.putIfAbsent(r.id(), System.nanoTime());
                    relay(exchange, answer, r);
                    return;
                }
            }
            byte[] json = JSON.writeValueAsBytes(new Refusal("no_ready_replica", "no replica of " + service.id() + " is ready; retry shortly"));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.sendResponseHeaders(503, json.length);
            exchange.getResponseBody().write(json);
        }
    }

    private static void relay(HttpExchange exchange, ReplicaConnections.Answer answer, Replica r) throws IOException {
        if (answer.contentType() != null) exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        if (answer.retryAfter() != null) exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
        exchange.getResponseHeaders().set("X-Replica", r.id());
        byte[] body = answer.body();
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        replicas.close();
    }
}
