package lab.portal.experiment;

import lab.portal.content.Parameters;
import lab.portal.evidence.Series;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.ServiceRuntime;
import lab.process.Probe;
import lab.process.load.ConstantRateLoad;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything an experiment works with: the runtime, its parameters from content/lab.yaml, progress and
 * live series for the page, waits and pauses that stop at once on Cancel, and load runs that do too.
 */
public final class ExperimentContext {

    /** Where a run's progress and its points go as they happen (the page, over /live). */
    public interface Listener {
        void progress(String message, double fraction);

        void point(String series, List<String> columns, List<Double> row);

        Listener NONE = new Listener() {
            @Override
            public void progress(String message, double fraction) {
            }

            @Override
            public void point(String series, List<String> columns, List<Double> row) {
            }
        };
    }

    /** Figures the learner's earlier runs measured: the latest measured run of an experiment, by figure name. */
    public interface Earlier {
        Optional<Double> figure(String experiment, String figure);

        Earlier NONE = (experiment, figure) -> Optional.empty();
    }

    private final ServiceRuntime runtime;
    private final Parameters parameters;
    private final Earlier earlier;
    private final Duration readyTimeout;
    private final Cancellation cancellation;
    private final Listener listener;
    private final double from;
    private final double span;
    private final String label;

    public ExperimentContext(ServiceRuntime runtime, Parameters parameters, Duration readyTimeout, Cancellation cancellation,
                             Listener listener) {
        this(runtime, parameters, Earlier.NONE, readyTimeout, cancellation, listener);
    }

    public ExperimentContext(ServiceRuntime runtime, Parameters parameters, Earlier earlier, Duration readyTimeout, Cancellation cancellation,
                             Listener listener) {
        this(runtime, parameters, earlier, readyTimeout, cancellation, listener, 0, 1, "");
    }

    private ExperimentContext(ServiceRuntime runtime, Parameters parameters, Earlier earlier, Duration readyTimeout, Cancellation cancellation,
                              Listener listener, double from, double span, String label) {
        this.runtime = runtime;
        this.parameters = parameters;
        this.earlier = earlier;
        this.readyTimeout = readyTimeout;
        this.cancellation = cancellation;
        this.listener = listener;
        this.from = from;
        this.span = span;
        this.label = label;
    }

    public ServiceRuntime runtime() {
        return runtime;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** What the learner's latest measured run of another experiment found (Experiment 5 sizes its spike from Experiment 3's). */
    public Optional<Double> earlier(String experiment, String figure) {
        return earlier.figure(experiment, figure);
    }

    /** A line of progress and how far the run is (0..1, of this part when the context is a part). */
    public void progress(String message, double fraction) {
        listener.progress(label + message, from + span * Math.max(0, Math.min(1, fraction)));
    }

    /**
     * Part {@code index} of {@code parts} of the run (e.g. the warm-pool half of the scaling experiment):
     * its progress is scaled into its share and labelled.
     */
    public ExperimentContext part(int index, int parts, String partLabel) {
        return new ExperimentContext(runtime, parameters, earlier, readyTimeout, cancellation, listener,
                from + span * index / parts, span / parts, label + partLabel + ": ");
    }

    /** A series whose rows go to the page as they are added; {@link LiveSeries#series()} is what the evidence keeps. */
    public LiveSeries series(String name, String... columns) {
        return new LiveSeries(name, List.of(columns));
    }

    /** Waits until the condition holds; fails fast when the service it watches exits, stops at once on Cancel. */
    /** A service that is live but reports it cannot become ready (its model could not be loaded). */
    private static final class NeverReady extends RuntimeException {
        NeverReady(String message) {
            super(message);
        }
    }

    public void await(Wait wait) throws ExperimentFailure {
        Duration timeout = wait.timeout() != null ? wait.timeout() : readyTimeout;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(wait)) {
            if (wait.service() != null) failIfExited(wait.service());
            if (System.nanoTime() > deadline) {
                throw new ExperimentFailure(wait.what() + " did not happen within " + timeout.toSeconds() + " s");
            }
            cancellation.pause(wait.every());
        }
    }

    private static boolean holds(Wait wait) throws ExperimentFailure {
        try {
            return wait.condition().getAsBoolean();
        } catch (NeverReady e) {
            throw new ExperimentFailure(e.getMessage());
        }
    }

    /** Sleeps; a cancel ends the run at once. */
    public void pause(Duration d) throws ExperimentCancelled {
        cancellation.pause(d);
    }

    public void checkCancelled() throws ExperimentCancelled {
        cancellation.check();
    }

    /**
     * The run's settings for ml-api's replicas from its parameters: {@code batch_size} (BATCH_SIZE),
     * {@code inference_threads} (INFERENCE_THREADS: the cores one replica computes on) and
     * {@code memory_limit_mb} (0: the configured limit). Replicas started from here on get them.
     */
    void applyServiceSettings() {
        Map<String, String> env = new LinkedHashMap<>();
        if (parameters.has("batch_size")) env.put("BATCH_SIZE", Integer.toString(parameters.integer("batch_size")));
        if (parameters.has("inference_threads")) env.put("INFERENCE_THREADS", Integer.toString(parameters.integer("inference_threads")));
        Integer limit = parameters.has("memory_limit_mb") && parameters.integer("memory_limit_mb") > 0 ? parameters.integer("memory_limit_mb") : null;
        runtime.configure(LabService.ML, new ServiceRuntime.Overrides(env, limit));
    }

    /** After the run: replicas started later get the configuration alone again. */
    void clearServiceSettings() {
        runtime.configure(LabService.ML, ServiceRuntime.Overrides.NONE);
    }

    /**
     * Starts the service if none of its replicas runs (restarts it if they run with other settings than
     * this run's), waits until the first is ready, returns its port.
     */
    public int readyPort(LabService service) throws ExperimentFailure {
        int port;
        try {
            ServiceRuntime.Overrides wanted = runtime.overrides(service);
            if (runtime.replicas(service).stream().anyMatch(r -> r.state() != ReplicaState.EXITED && !r.overrides().equals(wanted))) {
                progress("restarting " + service.id() + " with this run's settings", 0);
                runtime.stop(service);
            }
            port = runtime.start(service).stream().filter(r -> r.state() != ReplicaState.EXITED).findFirst()
                    .orElseThrow(() -> new ServiceRuntime.RuntimeFailure("no replica came up")).port();
        } catch (ServiceRuntime.RuntimeFailure e) {
            throw new ExperimentFailure(service.id() + " could not be started: " + e.getMessage(), e);
        }
        await(Wait.until(service.id() + " being ready", () -> {
            if (Probe.status(port, "/ready") == 200) return true;
            String failed = Probe.readyFailure(port); // live, but it will never be ready: say why at once, do not wait out the timeout
            if (failed != null) throw new NeverReady(service.id() + " will not become ready: " + failed);
            return false;
        }).every(Duration.ofMillis(200)).failingIfExited(service));
        return port;
    }

    /** Scales the service to {@code count} replicas, or says why it could not. */
    public void scale(LabService service, int count) throws ExperimentFailure {
        try {
            runtime.scale(service, count);
        } catch (ServiceRuntime.RuntimeFailure e) {
            throw new ExperimentFailure("could not scale " + service.id() + " to " + count + ": " + e.getMessage(), e);
        }
    }

    /** A constant-rate load that stops at once on Cancel; {@code onSecond} gets each completed second. */
    public LoadResult load(LoadProfile profile, Consumer<LoadResult.SecondSample> onSecond) throws ExperimentCancelled {
        LoadResult r = new ConstantRateLoad().run(profile, onSecond, cancellation::cancelled);
        cancellation.check();
        return r;
    }

    public LoadResult load(LoadProfile profile) throws ExperimentCancelled {
        return load(profile, s -> {
        });
    }

    private void failIfExited(LabService service) throws ExperimentFailure {
        List<Replica> replicas = runtime.replicas(service);
        if (replicas.isEmpty()) throw new ExperimentFailure(service.id() + " is not running (it was stopped, or never started)");
        if (replicas.stream().allMatch(r -> r.state() == ReplicaState.EXITED)) {
            Replica r = replicas.get(0);
            throw new ExperimentFailure(service.id() + " exited" + (r.exitCode() == null ? "" : " with code " + r.exitCode())
                    + (r.oomKilled() ? ", killed for using more memory than its limit" : ""));
        }
    }

    /** A series being measured: each row goes to the page at once and into the evidence at the end. */
    public final class LiveSeries {
        private final String name;
        private final List<String> columns;
        private final List<List<Double>> rows = new ArrayList<>();

        private LiveSeries(String name, List<String> columns) {
            this.name = name;
            this.columns = columns;
        }

        public synchronized void add(double... values) {
            List<Double> row = Series.row(values);
            if (row.size() != columns.size()) throw new IllegalArgumentException(name + ": " + values.length + " values for " + columns);
            rows.add(row);
            listener.point(name, columns, row);
        }

        public String name() {
            return name;
        }

        public synchronized Series series() {
            return new Series(columns, rows);
        }
    }
}
