package lab.service;

import java.time.Duration;
import java.util.Map;

/**
 * Settings from environment variables, with defaults that suit a laptop. A bad value stops the
 * service at start with a message naming the variable, never a stack trace deep inside.
 */
public record ServiceConfig(String bind, int port, int maxBodyBytes, int maxTextChars, int maxBatch,
                            int workerThreads, int queueCapacity, int maxExchanges, Duration shutdownGrace) {

    public static ServiceConfig fromEnvironment(int defaultPort) {
        return from(System.getenv(), defaultPort);
    }

    /** As {@link #fromEnvironment(int)}, the port from {@code PORT} or else from the service's own variable ({@link #withPort}). */
    public static ServiceConfig fromEnvironment(String portVariable, int defaultPort) {
        return from(withPort(System.getenv(), portVariable), defaultPort);
    }

    /**
     * The environment with {@code PORT} taken from the service's own variable ({@code TRADITIONAL_PORT},
     * {@code ML_PORT}) when {@code PORT} is not set: the guide's commands and the portal's terminal name the
     * services' ports that way, so a service started by hand there listens where the portal looks for it.
     * {@code PORT} (what the portal's runtimes and containers set) always wins.
     */
    public static Map<String, String> withPort(Map<String, String> env, String portVariable) {
        if (env.containsKey("PORT") || !env.containsKey(portVariable)) return env;
        Map<String, String> with = new java.util.HashMap<>(env);
        with.put("PORT", env.get(portVariable));
        return with;
    }

    public static ServiceConfig from(Map<String, String> env, int defaultPort) {
        Env e = new Env(env);
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServiceConfig(
                e.string("BIND", "127.0.0.1"),
                e.integer("PORT", defaultPort, 0, 65535),
                e.integer("MAX_BODY_BYTES", 64 * 1024, 1024, 64 * 1024 * 1024),
                e.integer("MAX_TEXT_CHARS", 5000, 1, 1_000_000),
                e.integer("MAX_BATCH", 64, 1, 10_000),
                e.integer("HTTP_WORKERS", Math.max(2, cores), 1, 1024),
                e.integer("HTTP_QUEUE", 1024, 1, 1_000_000),
                e.integer("HTTP_MAX_EXCHANGES", 256, 16, 100_000),
                Duration.ofSeconds(e.integer("SHUTDOWN_GRACE_S", 10, 0, 3600)));
    }

    /** How long a client may take to send its request line and headers (HTTP_HEADER_TIMEOUT_S, default 5). */
    public static int headerTimeoutSeconds(Map<String, String> env) {
        return new Env(env).integer("HTTP_HEADER_TIMEOUT_S", 5, 1, 300);
    }

    /** Reads typed values from an environment map. */
    public record Env(Map<String, String> env) {
        public String string(String name, String fallback) {
            String v = env.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        public int integer(String name, int fallback, int min, int max) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
                }
                return n;
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
            }
        }
    }
}
