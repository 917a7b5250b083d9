package lab.portal.experiment;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.portal.LabSettings;
import lab.portal.content.Check;
import lab.portal.content.LabContent;
import lab.portal.live.LiveFeed;
import lab.portal.live.ServedModel;
import lab.portal.progress.ProgressStore;
import lab.portal.progress.StoredRun;
import lab.portal.runtime.ServiceRuntime;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one experiment at a time in the background (they share the services and the two cores): records
 * the run, streams its progress and data points to the page, judges its checks on what it measured and
 * stores the outcome. A run that fails ends with its reason; the portal keeps working.
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

    private record Active(long runId, String experimentId, Future<?> future) {
    }

    private final LabContent lab;
    private final ServiceRuntime runtime;
    private final ProgressStore store;
    private final LiveFeed feed;
    private final ServedModel model;
    private final ExperimentCatalog catalog;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "experiment"));
    private volatile Active active;

    public ExperimentRunner(LabContent lab, ServiceRuntime runtime, ProgressStore store, LiveFeed feed, ServedModel model,
                            LabSettings settings) {
        this.lab = lab;
        this.runtime = runtime;
        this.store = store;
        this.feed = feed;
        this.model = model;
        this.catalog = new ExperimentCatalog(settings.readyTimeout());
    }

    /** Starts the experiment; returns the new run's id. */
    public synchronized long start(String experimentId) throws Busy {
        LabContent.Experiment e = lab.experiment(experimentId);
        if (e == null) throw new IllegalArgumentException("no experiment '" + experimentId + "' in content/lab.yaml");
        Active now = active;
        if (now != null && !now.future().isDone()) {
            throw new Busy("experiment '" + now.experimentId() + "' (run " + now.runId() + ") is still running; wait for it or cancel it");
        }
        long runId = store.startRun(experimentId, runtime.name());
        feed.runEvent(event("run-started", runId, experimentId).add("title", e.title()));
        active = new Active(runId, experimentId, executor.submit(() -> execute(runId, e)));
        return runId;
    }

    /** Interrupts the running experiment, if any; it stops at its next wait and says it was cancelled. */
    public synchronized boolean cancel() {
        Active now = active;
        return now != null && now.future().cancel(true);
    }

    /** The run in progress, or -1. */
    public long activeRun() {
        Active now = active;
        return now != null && !now.future().isDone() ? now.runId() : -1;
    }

    /** The portal is stopping: the running experiment is interrupted (its run is marked interrupted at the next start). */
    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private void execute(long runId, LabContent.Experiment e) {
        ExperimentProgress progress = new ExperimentProgress() {
            @Override
            public void report(String message, double fraction) {
                feed.runEvent(event("run-progress", runId, e.id()).add("message", message).add("fraction", fraction));
            }

            @Override
            public void point(String series, double... row) {
                JsonArray values = new JsonArray();
                for (double v : row) values.add(Evidence.jsonNumber(v));
                feed.runEvent(event("run-point", runId, e.id()).add("series", series).add("row", values));
            }
        };
        try {
            Evidence evidence = catalog.run(e.id(), e.parameters(), runtime, progress);
            List<Check.Result> results = lab.checks().stream().filter(k -> k.experiment().equals(e.id()))
                    .map(k -> k.evaluate(evidence.figures())).toList();
            store.finishRun(runId, evidence, results, model.label());
        } catch (ExperimentFailure f) {
            boolean cancelled = Thread.currentThread().isInterrupted() || f.getMessage().contains("cancelled");
            store.failRun(runId, cancelled ? StoredRun.Status.CANCELLED : StoredRun.Status.FAILED, f.getMessage(), model.label());
        } catch (RuntimeException | Error unexpected) {
            LOG.log(Level.SEVERE, "experiment " + e.id() + " failed unexpectedly", unexpected);
            store.failRun(runId, StoredRun.Status.FAILED, "the portal failed while running it: " + unexpected, model.label());
        }
        StoredRun run = store.run(runId).orElseThrow();
        feed.runEvent(event("run-finished", runId, e.id()).add("run", run.toJson()));
    }

    private static JsonObject event(String type, long runId, String experimentId) {
        return new JsonObject().add("type", type).add("run_id", runId).add("experiment", experimentId);
    }
}
