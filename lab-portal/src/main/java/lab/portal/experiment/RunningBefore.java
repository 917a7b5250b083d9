package lab.portal.experiment;

import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The replicas that ran when a run began, each service's in port order with the settings each was
 * started with: what {@link #establish} clears away for the experiment's {@link StartingState}, and what
 * {@link #restore} puts back afterwards.
 */
record RunningBefore(Map<LabService, List<ReplicaSettings>> replicas) {

    static RunningBefore of(ServiceRuntime runtime) {
        Map<LabService, List<ReplicaSettings>> r = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) r.put(s, runtime.running(s).stream().map(Replica::settings).toList());
        return new RunningBefore(r);
    }

    /**
     * Stops what the experiment's starting state does not allow; returns what it stopped, as notes for the
     * run's evidence (empty when nothing was in the way).
     */
    List<String> establish(ServiceRuntime runtime, StartingState state, ExperimentContext context) throws ExperimentFailure {
        List<String> notes = new ArrayList<>();
        for (LabService s : LabService.values()) {
            List<Replica> running = runtime.running(s);
            if (running.isEmpty()) continue;
            switch (state.need(s)) {
                case STOPPED -> {
                    runtime.stop(s);
                    notes.add("Before measuring, it stopped " + count(running.size(), s) + ", to start and time its own.");
                }
                case ONE_WITH_RUN_SETTINGS -> {
                    if (!running.get(0).settings().equals(context.settings(s))) {
                        runtime.stop(s);
                        notes.add("Before measuring, it stopped " + count(running.size(), s) + " running with other settings than this run's ("
                                + difference(running.get(0).settings(), context.settings(s)) + ").");
                    } else if (running.size() > 1) {
                        context.scale(s, 1);
                        notes.add("Before measuring, it stopped " + count(running.size() - 1, s) + " beyond the first, so that "
                                + "only the replicas the experiment starts share the cores.");
                    }
                }
                case AS_FOUND -> {
                }
            }
        }
        if (!notes.isEmpty()) notes.add("Afterwards it put back what had been running.");
        return notes;
    }

    /**
     * Each service as it was when the run began: the same number of replicas with the settings each had
     * (restarted where the run changed them), none where none ran. Returns the replicas it started, which
     * a caller may wait for.
     */
    List<String> restore(ServiceRuntime runtime) throws RuntimeFailure {
        List<String> started = new ArrayList<>();
        for (LabService s : LabService.values()) {
            List<ReplicaSettings> wanted = replicas.get(s);
            List<ReplicaSettings> now = runtime.running(s).stream().map(Replica::settings).toList();
            if (now.equals(wanted)) continue;
            runtime.stop(s);
            for (int i = 0; i < wanted.size(); i++) runtime.scale(s, i + 1, wanted.get(i));
            runtime.running(s).forEach(r -> started.add(r.id()));
        }
        return started;
    }

    private static String count(int n, LabService s) {
        return n == 1 ? "a running " + s.id() + " replica" : n + " running " + s.id() + " replicas";
    }

    /** The settings that differ, as the learner would set them: {@code INFERENCE_THREADS unset, not 1}. */
    private static String difference(ReplicaSettings had, ReplicaSettings wanted) {
        List<String> d = new ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>(had.env().keySet());
        names.addAll(wanted.env().keySet());
        for (String name : names) {
            String a = had.env().get(name), b = wanted.env().get(name);
            if (a == null ? b != null : !a.equals(b)) d.add(name + " " + (a == null ? "unset" : a) + ", not " + (b == null ? "unset" : b));
        }
        if (!had.memoryLimit().equals(wanted.memoryLimit())) d.add("memory limit " + had.memoryLimit() + ", not " + wanted.memoryLimit());
        return String.join("; ", d);
    }
}
