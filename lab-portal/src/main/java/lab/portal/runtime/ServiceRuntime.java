package lab.portal.runtime;

import java.util.List;

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
