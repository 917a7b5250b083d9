package lab.portal.experiment;

import lab.portal.runtime.LabService;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment needs of each service before it measures. The run establishes it, whatever the
 * learner's earlier steps left running (a second replica started by hand, a replica with other
 * settings), and afterwards puts back what was running: the guide's order and a run on its own start
 * from the same state, so they reach the same verdicts.
 */
public record StartingState(Map<LabService, Need> needs) {

    public enum Need {
        /** Not running: the experiment starts and times its own replicas. */
        STOPPED,
        /** At most one replica, started with this run's settings: a replica with others, and every further one, is stopped. */
        ONE_WITH_RUN_SETTINGS,
        /** Left as it is: the experiment does not use it. */
        AS_FOUND
    }

    public StartingState {
        needs = Map.copyOf(needs);
        for (LabService s : LabService.values()) {
            if (!needs.containsKey(s)) throw new IllegalArgumentException("no need stated for " + s.id());
        }
    }

    public static StartingState of(Need traditional, Need ml) {
        Map<LabService, Need> n = new EnumMap<>(LabService.class);
        n.put(LabService.TRADITIONAL, traditional);
        n.put(LabService.ML, ml);
        return new StartingState(n);
    }

    public Need need(LabService service) {
        return needs.get(service);
    }

    /** What the card says before Run: what the run will stop, and that it puts it back. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (LabService s : LabService.values()) {
            switch (need(s)) {
                case STOPPED -> lines.add("Stops every " + s.id() + " replica first: it starts and times its own.");
                case ONE_WITH_RUN_SETTINGS -> lines.add("Keeps one " + s.id() + " replica if it runs with this run's settings; stops any "
                        + "other first, the ones you started included.");
                case AS_FOUND -> lines.add("Leaves " + s.id() + " as it is.");
            }
        }
        lines.add("Afterwards it puts back what was running before, with the settings it had, and stops what was not.");
        return List.copyOf(lines);
    }
}
