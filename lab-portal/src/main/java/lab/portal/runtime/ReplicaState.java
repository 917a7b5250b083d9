package lab.portal.runtime;

/**
 * Where a replica is in its life, as a probe sees it from outside: started but not answering, live
 * (/health 200), ready (/ready 200), or exited (with its exit code).
 */
public enum ReplicaState {
    STARTING, LIVE, READY, EXITED
}
