package lab.portal.experiment;

import lab.portal.activity.Activity;
import lab.portal.activity.ActivityKind;
import lab.portal.activity.Cancellation;
import lab.portal.activity.Cancelled;
import lab.portal.activity.Wait;
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
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        RunningBefore before = RunningBefore.of(portal.runtime());
        ExperimentContext.Earlier earlier = (other, figure) -> Optional.ofNullable(portal.store().latestMeasuredRuns().get(other))
                .map(r -> r.evidence().figure(figure));
        ExperimentContext context = new ExperimentContext(portal.runtime(), portal.readyTimeout(), execution.cancellation(), listener(execution.runId()))
                .tuned(bound instanceof MlTuning t ? t : null).reading(earlier);
        try {
            List<String> established = before.establish(portal.runtime(), experiment.startingState(), context);
            OutsideLoad outside = OutsideLoad.watch(portal.runtime());
            Evidence measured;
            try {
                measured = experiment.run(context, bound);
            } finally {
                outside.stop();
            }
            List<String> undeclared = experiment.schema().undeclared(measured);
            if (!undeclared.isEmpty()) {
                throw new IllegalStateException("experiment " + spec.id() + " produced what its schema does not declare: " + undeclared);
            }
            Evidence evidence = measured.withNotesFirst(conditions(established, outside.percent()))
                    .withFigure(OutsideLoad.OUTSIDE_CPU.name(), outside.percent());
            List<Check.Result> results = portal.lab().checks().stream().filter(k -> k.experiment().equals(spec.id()))
                    .map(k -> k.evaluate(evidence.figures(), parameters)).toList();
            restore(before, context, true); // the run ends once the learner's services are back: the next one starts from them
            return portal.store().finishRun(execution.runId(), evidence, results, portal.model().labelIfKnown()).name();
        } catch (ExperimentCancelled cancelled) {
            restore(before, context, false);
            return fail(execution, StoredRun.Status.CANCELLED, cancelled.getMessage());
        } catch (ExperimentFailure f) {
            restore(before, context, true);
            return fail(execution, StoredRun.Status.FAILED, f.getMessage());
        }
    }

    /** What the run did first, and how busy the machine was outside the lab while it measured. */
    private List<String> conditions(List<String> established, Double outsideCpu) {
        List<String> notes = new ArrayList<>(established);
        double limit = portal.lab().machine().outsideCpuWarningPercent();
        if (outsideCpu != null && outsideCpu > limit) {
            notes.add(0, String.format(Locale.ROOT, "Measured on a busy machine: programs outside the lab (a browser drawing charts "
                    + "included) kept %.0f %% of a core busy on average while this ran (more than %.0f %%). They took cores from the replicas "
                    + "being measured: run it again with them quiet to compare.", outsideCpu, limit));
        }
        return notes;
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

    /**
     * Puts back what was running before the run (after a cancel, too: what it started is stopped); waits
     * until the restored replicas are ready unless the run was cancelled, so the next run does not measure
     * beside their model loading.
     */
    private void restore(RunningBefore before, ExperimentContext context, boolean waitUntilReady) {
        try {
            List<String> restarted = before.restore(portal.runtime());
            if (restarted.isEmpty() || !waitUntilReady) return;
            context.progress("putting back what was running before", 1);
            Wait.until("the replicas running before being ready again", () -> Arrays.stream(LabService.values())
                            .flatMap(s -> portal.runtime().replicas(s).stream()).filter(r -> restarted.contains(r.id()))
                            .allMatch(r -> r.state() == ReplicaState.READY || r.state() == ReplicaState.EXITED))
                    .timeout(portal.readyTimeout()).await(new Cancellation(), Duration.ZERO);
        } catch (RuntimeFailure e) {
            LOG.warning("after the run, the services could not be put back as they were: " + e.getMessage());
        } catch (Wait.Failed | Cancelled e) {
            LOG.warning("after the run, the replicas put back were not ready in time: " + e.getMessage());
        }
    }
}
