package lab.portal.runtime;

import java.util.Comparator;
import java.util.List;

/**
 * Runs the lab's services: local child processes, or containers on a Docker engine. Experiments, the
 * guide's blocks and the learner's controls know only this interface. How a replica comes up (live, then
 * ready) arrives as {@link RuntimeEvents} and in {@link #replicas}. A start returns once the replica is
 * launched, not when it is ready; the first start on Docker may first build the service's image (its
 * output streams as log lines), outside any lock another start or a probe waits on.
 */
public interface ServiceRuntime extends AutoCloseable {
    /** The most replicas of one service: two cores are busy long before this. */
    int MAX_REPLICAS = 4;

    /** Shown to the learner: which runtime is active. */
    String name();

    /** What the service's replicas get when a start says nothing else: the configuration's environment and memory limit. */
    ReplicaSettings defaults(LabService service);

    /** Starts one replica with these settings if none is running; returns the replicas. */
    List<Replica> start(LabService service, ReplicaSettings settings) throws RuntimeFailure;

    default List<Replica> start(LabService service) throws RuntimeFailure {
        return start(service, defaults(service));
    }

    /** Stops every replica of the service and waits until they are gone. */
    void stop(LabService service);

    /** Stop, then start one replica with these settings. */
    default List<Replica> restart(LabService service, ReplicaSettings settings) throws RuntimeFailure {
        stop(service);
        return start(service, settings);
    }

    default List<Replica> restart(LabService service) throws RuntimeFailure {
        return restart(service, defaults(service));
    }

    /** Adds replicas with these settings, or removes the newest, until there are {@code count}. */
    List<Replica> scale(LabService service, int count, ReplicaSettings settings) throws RuntimeFailure;

    default List<Replica> scale(LabService service, int count) throws RuntimeFailure {
        return scale(service, count, defaults(service));
    }

    List<Replica> replicas(LabService service);

    /** The replicas that have not exited, in port order (the first is the one a single-replica step uses). */
    default List<Replica> running(LabService service) {
        return replicas(service).stream().filter(Replica::running).sorted(Comparator.comparingInt(Replica::port)).toList();
    }

    /**
     * A directory for ml-api's files that outlives its replicas (an experiment's own model cache), as a
     * replica sees it: under the portal's data folder for local processes, in the model-cache volume for
     * containers.
     */
    String replicaPath(String name);

    /** Deletes such a directory where the portal can (local processes); in a volume it stays until the cleanup. */
    void discardReplicaPath(String name);

    /**
     * ml-api's offline model written as a model artifact into {@code dir}, a directory on the portal's
     * side, by ml-api itself ({@code export-offline}) run the way this runtime runs ml-api: its jar as a
     * local process, its image as a one-off container without network. What Experiment 6 downloads where
     * DJL's zoo cannot be reached.
     */
    void exportOfflineModel(java.nio.file.Path dir) throws RuntimeFailure;

    /** Builds the service's image again, in the background (its output streams as log lines); only a runtime with images can. */
    void rebuildImage(LabService service) throws RuntimeFailure;

    /** Removes what the lab made on this runtime besides replicas (containers, volumes): the cleanup's part. */
    LabResources removeLabResources();

    /**
     * CPU time its replicas have used so far, in seconds, the stopped ones included: what the machine's
     * CPU counters count for them (an experiment tells the lab's own CPU from other programs' with it).
     */
    double replicaCpuSeconds();

    void subscribe(RuntimeEvents listener);

    void unsubscribe(RuntimeEvents listener);

    /** Stops everything this runtime started: nothing is left behind. */
    @Override
    void close();
}
