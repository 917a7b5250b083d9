package lab.ml;

import lab.service.ServiceConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * ml-api's own settings (environment), on top of the HTTP settings both services share.
 * Batching defaults follow DJL Serving's reference values, scaled to a small machine.
 */
public record MlConfig(String modelUri, Path cacheDir, int inferenceThreads, int maxBatchSize, Duration maxBatchDelay,
                       int queueCapacity, Duration requestTimeout, Duration downloadConnectTimeout,
                       Duration downloadReadTimeout) {
    public static final String DEFAULT_MODEL = "djl://ai.djl.huggingface.pytorch/distilbert-base-uncased-finetuned-sst-2-english";

    public static MlConfig from(Map<String, String> env) {
        ServiceConfig.Env e = new ServiceConfig.Env(env);
        String cache = e.string("MODEL_CACHE_DIR", System.getProperty("user.home") + "/.cache/inference-lab");
        return new MlConfig(
                e.string("MODEL_URI", DEFAULT_MODEL),
                Path.of(cache),
                e.integer("INFERENCE_THREADS", Math.min(4, Runtime.getRuntime().availableProcessors()), 1, 64),
                e.integer("BATCH_SIZE", 16, 1, 256),
                Duration.ofMillis(e.integer("BATCH_DELAY_MS", 5, 0, 10_000)),
                e.integer("QUEUE_SIZE", 256, 1, 100_000),
                Duration.ofSeconds(e.integer("REQUEST_TIMEOUT_S", 30, 1, 600)),
                Duration.ofSeconds(e.integer("MODEL_CONNECT_TIMEOUT_S", 5, 1, 600)),
                Duration.ofSeconds(e.integer("MODEL_READ_TIMEOUT_S", 60, 1, 3600)));
    }

    /** HTTP defaults for a service whose requests wait for a batch: enough workers to form one. */
    public static Map<String, String> httpDefaults(Map<String, String> env) {
        Map<String, String> merged = new java.util.HashMap<>(lab.service.ServiceConfig.withPort(env, "ML_PORT"));
        merged.putIfAbsent("PORT", "8002");
        merged.putIfAbsent("HTTP_WORKERS", "64");
        return merged;
    }
}
