package lab.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JDK's own HTTP server with exact-path routes, JSON errors for every refusal (404, 405, 4xx from
 * handlers, 500 for bugs), per-request metrics and debug logging, and admission control in front of
 * the worker pool. Deliberately no web framework: start-up cost is part of what the lab measures.
 */
public final class ServiceServer {
    private static final Logger LOG = Logger.getLogger(ServiceServer.class.getName());

    /** Set before the JDK's server reads its configuration (it does so once, at class load). */
    public static void tuneJdkServer() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Bound how long a slow client may hold a worker while sending its request or reading the answer.
        System.setProperty("sun.net.httpserver.maxReqTime", "30");
        System.setProperty("sun.net.httpserver.maxRspTime", "30");
    }

    private final Map<String, Map<String, Handler>> routes = new TreeMap<>();
    private final RequestObserver observer;
    private final AdmissionControl admission;
    private HttpServer server;

    public ServiceServer(RequestObserver observer, AdmissionControl admission) {
        this.observer = observer;
        this.admission = admission;
    }

    public ServiceServer get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    public ServiceServer post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    private ServiceServer route(String method, String path, Handler handler) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
        return this;
    }

    /** Binds and starts serving; returns the port actually bound (useful with port 0). */
    public int start(String bindAddress, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 1024);
        server.createContext("/", this::dispatch);
        server.setExecutor(admission);
        server.start();
        return server.getAddress().getPort();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        admission.shutdown();
    }

    private void dispatch(HttpExchange exchange) {
        long startNanos = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        Map<String, Handler> byMethod = routes.get(path);
        String routeLabel = byMethod == null ? "unmatched" : path;
        Response response;
        if (AdmissionControl.isShedding()) {
            response = Response.of(admission.overloaded());
        } else {
            response = answer(exchange, path, byMethod);
        }
        send(exchange, response);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        observer.observe(routeLabel, response.status(), seconds);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(String.format("%s %s -> %d in %.3f ms", exchange.getRequestMethod(), path, response.status(), seconds * 1e3));
        }
    }

    private Response answer(HttpExchange exchange, String path, Map<String, Handler> byMethod) {
        try {
            if (byMethod == null) {
                throw new ApiError(404, "not_found", "no such path: " + path + "; see " + String.join(", ", routes.keySet()));
            }
            Handler handler = byMethod.get(exchange.getRequestMethod());
            if (handler == null) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", byMethod.keySet()));
                throw new ApiError(405, "method_not_allowed",
                        exchange.getRequestMethod() + " is not allowed on " + path + "; use " + String.join(" or ", byMethod.keySet()));
            }
            return handler.handle(exchange);
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
