package lab.portal.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a replica is started with on top of its port: extra environment (an experiment's BATCH_SIZE, a
 * model cache of its own) and its memory limit. A value passed to each start, never state the runtime
 * keeps: two experiments cannot leave settings behind for each other. A runtime's
 * {@link ServiceRuntime#defaults} are the configured ones.
 */
public record ReplicaSettings(Map<String, String> env, MemoryLimit memoryLimit) {

    public ReplicaSettings {
        env = Map.copyOf(env);
    }

    /** These settings with {@code more} added to the environment (a variable given twice takes the new value). */
    public ReplicaSettings withEnv(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(more);
        return new ReplicaSettings(all, memoryLimit);
    }

    public ReplicaSettings withMemoryLimit(MemoryLimit limit) {
        return new ReplicaSettings(env, limit);
    }
}
