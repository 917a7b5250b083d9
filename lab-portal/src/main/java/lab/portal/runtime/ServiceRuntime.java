package lab.portal.runtime;

import java.util.List;
import java.util.Map;

/**
 * Runs the lab's services: local child processes, or containers on a Docker engine. Experiments and
 * checks know only this interface. Every call returns quickly; how a replica comes up (live, then
 * ready) arrives as {@link RuntimeEvents} and in {@link #replicas}.
 */
public interface ServiceRuntime extends AutoCloseable {
    /** The most replicas of one service: two cores are busy long before this. */
    int MAX_REPLICAS = 4;

    /** Shown to the learner: which runtime is active. */
    String name();

    /** Starts one replica if none is running; returns the replicas. */
    List<Replica> start(LabService service) throws RuntimeFailure;

    /** Stops every replica of the service and waits until they are gone. */
    void stop(LabService service);

    /** Stop, then start one replica. */
    List<Replica> restart(LabService service) throws RuntimeFailure;

    /** Adds or removes replicas (the newest go first) until there are {@code count}. */
    List<Replica> scale(LabService service, int count) throws RuntimeFailure;

    List<Replica> replicas(LabService service);

    /**
     * Settings for the service's replicas started from now on, on top of its configuration (an
     * experiment's BATCH_SIZE or memory limit); {@link Overrides#NONE} returns to the configuration.
     */
    void configure(LabService service, Overrides overrides);

    Overrides overrides(LabService service);

    /**
     * A directory for ml-api's files that outlives its replicas (an experiment's own model cache), as a
     * replica sees it: under the portal's data folder for local processes, in the model-cache volume for
     * containers.
     */
    String replicaPath(String name);

    /** Deletes such a directory where the portal can (local processes); in a volume it stays until the cleanup. */
    void discardReplicaPath(String name);

    /**
     * What a run changes for a service: extra environment, and a memory limit in MB (null: the configured
     * one). Containers get the limit from the kernel; a local process has none, so the local runtime
     * enforces it itself (it kills a replica whose resident memory passes it, as the kernel's OOM killer
     * would, and reports it so).
     */
    record Overrides(Map<String, String> env, Integer memoryLimitMb) {
        public static final Overrides NONE = new Overrides(Map.of(), null);

        public Overrides {
            env = Map.copyOf(env);
        }
    }

    void subscribe(RuntimeEvents listener);

    void unsubscribe(RuntimeEvents listener);

    /** Stops everything this runtime started: nothing is left behind. */
    @Override
    void close();

    /** A start that cannot happen, with the reason in words a learner can act on. */
    class RuntimeFailure extends Exception {
        public RuntimeFailure(String message) {
            super(message);
        }
    }
}
