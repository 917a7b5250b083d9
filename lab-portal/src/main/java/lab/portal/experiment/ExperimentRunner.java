package lab.portal.experiment;

import lab.portal.LabProperties;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
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

    /** Another run is in progress: only one at a time. */
    public static final class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    private record Active(long runId, String experimentId, Cancellation cancellation) {
    }

    private final LabContent lab;
    private final ExperimentCatalog catalog;
    private final ServiceRuntime runtime;
    private final ProgressStore store;
    private final LiveFeed feed;
    private final ServedModel model;
    private final Duration readyTimeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "experiment"));
    private Active active;

    public ExperimentRunner(LabContent lab, ExperimentCatalog catalog, ServiceRuntime runtime, ProgressStore store, LiveFeed feed,
                            ServedModel model, LabProperties properties) {
        this.lab = lab;
        this.catalog = catalog;
        this.runtime = runtime;
        this.store = store;
        this.feed = feed;
        this.model = model;
        this.readyTimeout = properties.readyTimeout();
    }

    /** Starts the experiment; returns the new run's id. */
    public synchronized long start(String experimentId) throws Busy {
        LabContent.ExperimentSpec spec = lab.experiment(experimentId);
        if (spec == null) throw new IllegalArgumentException("no experiment '" + experimentId + "' in content/lab.yaml");
        Experiment experiment = catalog.find(experimentId)
                .orElseThrow(() -> new IllegalArgumentException("no code measures experiment '" + experimentId + "'"));
        if (active != null) {
            throw new Busy("experiment '" + active.experimentId() + "' (run " + active.runId() + ") is still running; wait for it or cancel it");
        }
        long runId = store.startRun(experimentId, runtime.name());
        active = new Active(runId, experimentId, new Cancellation());
        Active run = active;
        feed.publish(new LiveEvent.RunStarted(runId, experimentId, spec.title()));
        executor.execute(() -> execute(run, spec, experiment));
        return runId;
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

    private void execute(Active run, LabContent.ExperimentSpec spec, Experiment experiment) {
        Map<LabService, Integer> before = runningReplicas();
        ExperimentContext context = new ExperimentContext(runtime, spec.parameters(), readyTimeout, run.cancellation(), new ExperimentContext.Listener() {
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
            Evidence evidence = experiment.run(context);
            List<Check.Result> results = lab.checks().stream().filter(k -> k.experiment().equals(spec.id()))
                    .map(k -> k.evaluate(evidence.figures())).toList();
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
            synchronized (this) {
                active = null;
            }
            store.run(run.runId()).ifPresent(r -> feed.publish(new LiveEvent.RunFinished(r)));
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
