package lab.portal.experiment;

import lab.portal.activity.ActivityKind;
import lab.portal.activity.ActivityRunner;
import lab.portal.activity.Stage;
import lab.portal.content.LabContent;
import lab.portal.content.Parameters;
import lab.portal.live.LiveFeed;
import lab.portal.progress.ProgressStore;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.services.ServedModel;
import lab.portal.settings.LabProperties;
import org.springframework.stereotype.Service;

import java.util.Map;

/** The experiments the learner runs from the page: each run an activity on the one activity runner. */
@Service
public class Experiments {
    private final LabContent lab;
    private final ExperimentCatalog catalog;
    private final ActivityRunner activities;
    private final ExperimentActivity.Portal portal;

    public Experiments(LabContent lab, ExperimentCatalog catalog, ActivityRunner activities, ServiceRuntime runtime, ProgressStore store,
                       LiveFeed feed, ServedModel model, LabProperties properties) {
        this.lab = lab;
        this.catalog = catalog;
        this.activities = activities;
        this.portal = new ExperimentActivity.Portal(runtime, store, feed, model, lab, properties.readyTimeout());
    }

    /** No such experiment in the content, or no code for it. */
    public static final class UnknownExperiment extends Exception {
        UnknownExperiment(String message) {
            super(message);
        }
    }

    /** Starts the experiment with the content's parameters; returns the new run's id. */
    public long start(String experimentId) throws Stage.Busy, UnknownExperiment, Parameters.Invalid {
        return start(experimentId, Map.of());
    }

    /**
     * Starts the experiment with the learner's changes to its editable parameters (each checked against
     * its range in content/lab.yaml); returns the new run's id.
     */
    public long start(String experimentId, Map<String, Object> changes) throws Stage.Busy, UnknownExperiment, Parameters.Invalid {
        LabContent.ExperimentSpec spec = lab.experiment(experimentId);
        if (spec == null) throw new UnknownExperiment("no experiment '" + experimentId + "' in content/lab.yaml");
        Experiment<?> experiment = catalog.find(experimentId)
                .orElseThrow(() -> new UnknownExperiment("no code measures experiment '" + experimentId + "'"));
        return activities.start(activity(experiment, spec, spec.parameters().with(changes)));
    }

    private <P extends Record> ExperimentActivity<P> activity(Experiment<P> experiment, LabContent.ExperimentSpec spec, Parameters parameters) {
        return new ExperimentActivity<>(experiment, spec, parameters, portal);
    }

    /** Asks the running experiment to stop; it does within a moment, then cleans up and is recorded as cancelled. */
    public boolean cancel() {
        return activities.cancel(ActivityKind.EXPERIMENT);
    }

    /** The experiment run in progress (its clean-up included), or -1. */
    public long activeRun() {
        return activities.activeRun(ActivityKind.EXPERIMENT);
    }
}
