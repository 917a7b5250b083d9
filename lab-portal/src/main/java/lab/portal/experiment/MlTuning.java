package lab.portal.experiment;

import lab.portal.runtime.MemoryLimit;
import lab.portal.runtime.ReplicaSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of a run that tune ml-api's replicas for it: {@code batch_size} (BATCH_SIZE, 1: no
 * batching), {@code inference_threads} (INFERENCE_THREADS: the cores one replica computes on) and
 * {@code memory_limit_mb} (0: no limit; null: the configured one). A parameter record implements the
 * ones it has; null is "as configured".
 */
public interface MlTuning {
    default Integer batchSize() {
        return null;
    }

    default Integer inferenceThreads() {
        return null;
    }

    default Integer memoryLimitMb() {
        return null;
    }

    /** ml-api's settings for this run: the configured ones with these on top. */
    default ReplicaSettings applyTo(ReplicaSettings configured) {
        Map<String, String> env = new LinkedHashMap<>();
        if (batchSize() != null) env.put("BATCH_SIZE", Integer.toString(batchSize()));
        if (inferenceThreads() != null) env.put("INFERENCE_THREADS", Integer.toString(inferenceThreads()));
        ReplicaSettings s = configured.withEnv(env);
        return memoryLimitMb() == null ? s : s.withMemoryLimit(MemoryLimit.ofMegabytes(memoryLimitMb()));
    }
}
