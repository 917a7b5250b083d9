package lab.portal.experiment;

import lab.portal.LabProperties;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.content.Parameters;
import lab.portal.ops.PortalMetrics;
import lab.portal.progress.LabProgress;
import lab.portal.stage.Stage;
import lab.portal.evidence.Evidence;
import lab.portal.live.LiveEvent;
import lab.portal.live.LiveFeed;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.ServedModel;
import lab.portal.runtime.ServiceRuntime;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one experiment at a time in the background (they share the services and the two cores): records
 * the run, streams its progress and points to the page, judges its checks on what it measured and stores
 * the outcome. A run that fails ends with its reason; a cancelled run stops what it started. A run is
 * active until all of that is done, so the next cannot start on a half-cleaned stage.
 */
@Service
public class ExperimentRunner implements DisposableBean {
    private static final Logger LOG = Logger.getLogger(ExperimentRunner.class.getName());

    private record Active(long runId, String experimentId, Cancellation cancellation, Stage.Hold hold) {
    }

    private final LabContent lab;
    private final ExperimentCatalog catalog;
    private final ServiceRuntime runtime;
    private final ProgressStore store;
    private final LiveFeed feed;
    private final ServedModel model;
    private final Stage stage;
    private final LabProgress progress;
    private final PortalMetrics metrics;
    private final Duration readyTimeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "experiment"));
    private Active active;

    public ExperimentRunner(LabContent lab, ExperimentCatalog catalog, ServiceRuntime runtime, ProgressStore store, LiveFeed feed,
                            ServedModel model, Stage stage, LabProgress progress, PortalMetrics metrics, LabProperties properties) {
        this.lab = lab;
        this.catalog = catalog;
        this.runtime = runtime;
        this.store = store;
        this.feed = feed;
        this.model = model;
        this.stage = stage;
        this.progress = progress;
        this.metrics = metrics;
        this.readyTimeout = properties.readyTimeout();
    }

    /** Starts the experiment with the content's parameters; returns the new run's id. */
    public long start(String experimentId) throws Stage.Busy, UnknownExperiment, Parameters.Invalid {
        return start(experimentId, Map.of());
    }

    /**
     * Starts the experiment with the learner's changes to its editable parameters (each checked against
     * its range in content/lab.yaml); returns the new run's id.
     */
    public synchronized long start(String experimentId, Map<String, Object> changes) throws Stage.Busy, UnknownExperiment, Parameters.Invalid {
        LabContent.ExperimentSpec spec = lab.experiment(experimentId);
        if (spec == null) throw new UnknownExperiment("no experiment '" + experimentId + "' in content/lab.yaml");
        Experiment experiment = catalog.find(experimentId)
                .orElseThrow(() -> new UnknownExperiment("no code measures experiment '" + experimentId + "'"));
        Parameters parameters = spec.parameters().with(changes);
        Stage.Hold hold = stage.take("experiment '" + experimentId + "'");
        long runId = store.startRun(experimentId, runtime.name(), parameters.values());
        active = new Active(runId, experimentId, new Cancellation(), hold);
        Active run = active;
        feed.publish(new LiveEvent.RunStarted(runId, experimentId, spec.title()));
        executor.execute(() -> execute(run, spec, parameters, experiment));
        return runId;
    }

    /** No such experiment in the content, or no code for it. */
    public static final class UnknownExperiment extends Exception {
        UnknownExperiment(String message) {
            super(message);
        }
    }

    /** Asks the running experiment to stop; it does within a moment, then cleans up and is recorded as cancelled. */
    public synchronized boolean cancel() {
        if (active == null) return false;
        active.cancellation().cancel();
        return true;
    }

    /** The run in progress (its clean-up included), or -1. */
    public synchronized long activeRun() {
        return active == null ? -1 : active.runId();
    }

    /** The portal is stopping: the running experiment is cancelled and given a moment to clean up. */
    @Override
    public void destroy() throws InterruptedException {
        cancel();
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void execute(Active run, LabContent.ExperimentSpec spec, Parameters parameters, Experiment experiment) {
        Map<LabService, Integer> before = runningReplicas();
        ExperimentContext.Earlier earlier = (other, figure) -> Optional.ofNullable(store.latestMeasuredRuns().get(other))
                .map(r -> r.evidence().figure(figure));
        ExperimentContext context = new ExperimentContext(runtime, parameters, earlier, readyTimeout, run.cancellation(), new ExperimentContext.Listener() {
            @Override
            public void progress(String message, double fraction) {
                feed.publish(new LiveEvent.RunProgress(run.runId(), spec.id(), message, fraction));
            }

            @Override
            public void point(String series, List<String> columns, List<Double> row) {
                feed.publish(new LiveEvent.RunPoint(run.runId(), spec.id(), series, columns, row));
            }
        });
        try {
            context.applyServiceSettings();
            Evidence evidence = experiment.run(context);
            List<Check.Result> results = lab.checks().stream().filter(k -> k.experiment().equals(spec.id()))
                    .map(k -> k.evaluate(evidence.figures(), parameters)).toList();
            store.finishRun(run.runId(), evidence, results, model.labelIfKnown());
        } catch (ExperimentCancelled cancelled) {
            restore(before);
            store.failRun(run.runId(), StoredRun.Status.CANCELLED, cancelled.getMessage(), model.labelIfKnown());
        } catch (ExperimentFailure f) {
            store.failRun(run.runId(), StoredRun.Status.FAILED, f.getMessage(), model.labelIfKnown());
        } catch (RuntimeException | Error unexpected) {
            LOG.log(Level.SEVERE, "experiment " + spec.id() + " failed unexpectedly", unexpected);
            store.failRun(run.runId(), StoredRun.Status.FAILED, "the portal failed while running it: " + unexpected, model.labelIfKnown());
        } finally {
            context.clearServiceSettings();
            synchronized (this) {
                active = null;
            }
            run.hold().close();
            store.run(run.runId()).ifPresent(r -> {
                metrics.experimentRun(r.experiment(), r.status().name());
                feed.publish(new LiveEvent.RunFinished(r));
            });
            progress.changed();
        }
    }

    private Map<LabService, Integer> runningReplicas() {
        Map<LabService, Integer> n = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            n.put(s, (int) runtime.replicas(s).stream().filter(r -> r.state() != ReplicaState.EXITED).count());
        }
        return n;
    }

    /** After a cancel: what the run started is stopped, the services are as the learner had them. */
    private void restore(Map<LabService, Integer> before) {
        before.forEach((service, count) -> {
            try {
                if (count == 0) runtime.stop(service);
                else runtime.scale(service, count);
            } catch (ServiceRuntime.RuntimeFailure e) {
                LOG.warning("after the cancelled run, " + service.id() + " could not be put back to " + count + " replica(s): " + e.getMessage());
            }
        });
    }
}
