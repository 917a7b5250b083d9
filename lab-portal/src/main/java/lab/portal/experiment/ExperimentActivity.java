package lab.portal.experiment;

import lab.portal.activity.Activity;
import lab.portal.activity.ActivityKind;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.content.Parameters;
import lab.portal.evidence.Evidence;
import lab.portal.live.LiveEvent;
import lab.portal.live.LiveFeed;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.services.ServedModel;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One experiment run as an activity: recorded with the parameters it uses, its progress and points
 * streamed to the page, its checks judged on what it measured, the outcome stored. A run that fails ends
 * with its reason; a cancelled run stops what it started and puts the learner's replicas back.
 */
final class ExperimentActivity<P extends Record> implements Activity {
    private static final Logger LOG = Logger.getLogger(ExperimentActivity.class.getName());

    /** What every run needs from the portal. */
    record Portal(ServiceRuntime runtime, ProgressStore store, LiveFeed feed, ServedModel model, LabContent lab, Duration readyTimeout) {
    }

    private final Experiment<P> experiment;
    private final LabContent.ExperimentSpec spec;
    private final Parameters parameters;
    private final P bound;
    private final Portal portal;

    ExperimentActivity(Experiment<P> experiment, LabContent.ExperimentSpec spec, Parameters parameters, Portal portal) {
        this.experiment = experiment;
        this.spec = spec;
        this.parameters = parameters;
        this.bound = parameters.bind(experiment.parameters());
        this.portal = portal;
    }

    @Override
    public ActivityKind kind() {
        return ActivityKind.EXPERIMENT;
    }

    @Override
    public String subject() {
        return spec.id();
    }

    @Override
    public long begin() {
        long id = portal.store().startRun(spec.id(), portal.runtime().name(), parameters.recorded());
        portal.feed().publish(new LiveEvent.RunStarted(id, spec.id(), spec.title()));
        return id;
    }

    @Override
    public String run(Execution execution) {
        Map<LabService, Integer> before = runningReplicas();
        ExperimentContext.Earlier earlier = (other, figure) -> Optional.ofNullable(portal.store().latestMeasuredRuns().get(other))
                .map(r -> r.evidence().figure(figure));
        ExperimentContext context = new ExperimentContext(portal.runtime(), portal.readyTimeout(), execution.cancellation(), listener(execution.runId()))
                .tuned(bound instanceof MlTuning t ? t : null).reading(earlier);
        try {
            Evidence evidence = experiment.run(context, bound);
            List<String> undeclared = experiment.schema().undeclared(evidence);
            if (!undeclared.isEmpty()) {
                throw new IllegalStateException("experiment " + spec.id() + " produced what its schema does not declare: " + undeclared);
            }
            List<Check.Result> results = portal.lab().checks().stream().filter(k -> k.experiment().equals(spec.id()))
                    .map(k -> k.evaluate(evidence.figures(), parameters)).toList();
            return portal.store().finishRun(execution.runId(), evidence, results, portal.model().labelIfKnown()).name();
        } catch (ExperimentCancelled cancelled) {
            restore(before);
            return fail(execution, StoredRun.Status.CANCELLED, cancelled.getMessage());
        } catch (ExperimentFailure f) {
            return fail(execution, StoredRun.Status.FAILED, f.getMessage());
        }
    }

    @Override
    public String failed(Execution execution, Throwable problem) {
        return fail(execution, StoredRun.Status.FAILED, "the portal failed while running it: " + problem);
    }

    @Override
    public void announce(Execution execution) {
        portal.store().run(execution.runId()).ifPresent(r -> portal.feed().publish(new LiveEvent.RunFinished(r)));
    }

    private String fail(Execution execution, StoredRun.Status status, String reason) {
        portal.store().failRun(execution.runId(), status, reason, portal.model().labelIfKnown());
        return status.name();
    }

    private ExperimentContext.Listener listener(long runId) {
        return new ExperimentContext.Listener() {
            @Override
            public void progress(String message, double fraction) {
                portal.feed().publish(new LiveEvent.RunProgress(runId, spec.id(), message, fraction));
            }

            @Override
            public void point(String series, List<String> columns, List<Double> row) {
                portal.feed().publish(new LiveEvent.RunPoint(runId, spec.id(), series, columns, row));
            }
        };
    }

    private Map<LabService, Integer> runningReplicas() {
        Map<LabService, Integer> n = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            n.put(s, (int) portal.runtime().replicas(s).stream().filter(r -> r.state() != ReplicaState.EXITED).count());
        }
        return n;
    }

    /** After a cancel: what the run started is stopped, the services are as the learner had them. */
    private void restore(Map<LabService, Integer> before) {
        before.forEach((service, count) -> {
            try {
                if (count == 0) portal.runtime().stop(service);
                else {
                    portal.runtime().stop(service); // replicas with this run's settings go; the learner's come back with the configured ones
                    portal.runtime().scale(service, count);
                }
            } catch (RuntimeFailure e) {
                LOG.warning("after the cancelled run, " + service.id() + " could not be put back to " + count + " replica(s): " + e.getMessage());
            }
        });
    }
}
