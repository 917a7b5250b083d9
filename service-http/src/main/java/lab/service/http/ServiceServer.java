package lab.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JDK's own HTTP server with exact-path routes, JSON errors for every refusal (404, 405, 4xx from
 * handlers, 500 for bugs), per-request metrics and debug logging. Every connection is served on a virtual
 * thread of its own, so a client that is slow to send its headers holds nothing but that thread (and is
 * cut off after the header timeout). GET routes (health, readiness, info, metrics) answer at once; POST
 * routes (the work) pass admission control first. Deliberately no web framework: start-up cost is part
 * of what the lab measures.
 */
public final class ServiceServer {
    private static final Logger LOG = Logger.getLogger(ServiceServer.class.getName());

    /**
     * Set before the JDK's server reads its configuration (it does so once, at class load).
     *
     * @param headerTimeoutSeconds how long a client may take to send its request line and headers
     */
    public static void tuneJdkServer(int headerTimeoutSeconds) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(headerTimeoutSeconds));
        // Bound how long a slow client may take to send its body and read the answer.
        System.setProperty("sun.net.httpserver.maxRspTime", "30");
    }

    private final Map<String, Map<String, Route>> routes = new TreeMap<>();
    private final RequestObserver observer;
    private final AdmissionControl admission;
    private final int exchangeLimit;
    private HttpServer server;
    private volatile ApiError closedForWork;
    private final java.util.concurrent.atomic.AtomicInteger answering = new java.util.concurrent.atomic.AtomicInteger();

    private record Route(Handler handler, boolean work) {
    }

    /**
     * @param exchangeLimit how many requests may be read and answered at once (each holds the server's buffers)
     */
    public ServiceServer(RequestObserver observer, AdmissionControl admission, int exchangeLimit) {
        this.observer = observer;
        this.admission = admission;
        this.exchangeLimit = exchangeLimit;
    }

    /** Every route: path → its methods (GET, POST), as the API description must list them. */
    public Map<String, Set<String>> routes() {
        Map<String, Set<String>> out = new TreeMap<>();
        routes.forEach((path, byMethod) -> out.put(path, Set.copyOf(byMethod.keySet())));
        return out;
    }

    /** A route that answers at once, never queued behind work. */
    public ServiceServer get(String path, Handler handler) {
        return route("GET", path, new Route(handler, false));
    }

    /** A route that does work: admitted by admission control, or refused with 503 when its queue is full. */
    public ServiceServer post(String path, Handler handler) {
        return route("POST", path, new Route(handler, true));
    }

    private ServiceServer route(String method, String path, Route route) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, route);
        return this;
    }

    /** Binds and starts serving; returns the port actually bound (useful with port 0). */
    public int start(String bindAddress, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 1024);
        server.createContext("/", this::dispatch);
        server.setExecutor(new ExchangeThreads(exchangeLimit));
        server.start();
        return server.getAddress().getPort();
    }

    /**
     * From now on every new request for work gets {@code answer} at once; requests that arrived before
     * go on to their end (a graceful shutdown's first step).
     */
    public void stopTakingWork(ApiError answer) {
        closedForWork = answer;
    }

    /**
     * Requests being answered now or waiting to: what a graceful shutdown waits for. Counted until the
     * answer is sent, not only while the work runs: admission ends when the handler returns, before its
     * answer is written, and a stop in between would close the connection on an answer already computed.
     */
    public int workInProgress() {
        return answering.get();
    }

    /** Stops listening and closes every connection. */
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void dispatch(HttpExchange exchange) {
        long startNanos = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        Map<String, Route> byMethod = routes.get(path);
        String routeLabel = byMethod == null ? "unmatched" : path;
        Response response;
        answering.incrementAndGet();
        try {
            response = answer(exchange, path, byMethod);
            send(exchange, response);
        } finally {
            answering.decrementAndGet();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        observer.observe(routeLabel, response.status(), seconds);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(String.format("%s %s -> %d in %.3f ms", exchange.getRequestMethod(), path, response.status(), seconds * 1e3));
        }
    }

    private Response answer(HttpExchange exchange, String path, Map<String, Route> byMethod) {
        try {
            if (byMethod == null) {
                throw new ApiError(404, "not_found", "no such path: " + path + "; see " + String.join(", ", routes.keySet()));
            }
            Route route = byMethod.get(exchange.getRequestMethod());
            if (route == null) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", byMethod.keySet()));
                throw new ApiError(405, "method_not_allowed",
                        exchange.getRequestMethod() + " is not allowed on " + path + "; use " + String.join(" or ", byMethod.keySet()));
            }
            if (!route.work()) return route.handler().handle(exchange);
            ApiError closed = closedForWork;
            if (closed != null) throw closed;
            return admission.admit(() -> route.handler().handle(exchange));
        } catch (ApiError e) {
            if (e.status() == 413) {
                // The rest of an oversized body is not worth reading: close the connection instead.
                exchange.getResponseHeaders().set("Connection", "close");
            }
            return Response.of(e);
        } catch (IOException e) {
            return Response.of(ApiError.badRequest("unreadable_request", "the request could not be read: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected failure on " + path, e);
            return Response.of(new ApiError(500, "internal_error", "unexpected failure: " + e));
        }
    }

    private static void send(HttpExchange exchange, Response response) {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (response.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(response.retryAfterSeconds()));
            }
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            out.write(response.body());
        } catch (IOException e) {
            LOG.fine(() -> "client went away before the answer was sent: " + e.getMessage());
        }
    }

    /** Told about every answered request; the metrics implement it. */
    @FunctionalInterface
    public interface RequestObserver {
        void observe(String route, int status, double seconds);
    }
}
