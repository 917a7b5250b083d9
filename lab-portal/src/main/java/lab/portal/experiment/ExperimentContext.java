package lab.portal.experiment;

import lab.portal.activity.Cancellation;
import lab.portal.activity.Cancelled;
import lab.portal.activity.Wait;
import lab.portal.evidence.Figure;
import lab.portal.evidence.Series;
import lab.portal.evidence.SeriesSpec;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaSettings;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.runtime.ServiceClient;
import lab.portal.runtime.ServiceRuntime;
import lab.process.load.ConstantRateLoad;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything an experiment works with: the runtime, the settings this run gives each service's replicas
 * (its ml-api tuning on top of the configuration), progress and live series for the page, waits and
 * pauses that stop at once on Cancel, and load runs that do too. Experiments start, restart and scale
 * services through it, so every replica they start has this run's settings.
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

    /** Figures the learner's earlier runs measured: the latest measured run of an experiment. */
    public interface Earlier {
        Optional<Double> figure(String experiment, Figure figure);

        Earlier NONE = (experiment, figure) -> Optional.empty();
    }

    private final ServiceRuntime runtime;
    private final Map<LabService, ReplicaSettings> settings;
    private final Earlier earlier;
    private final Duration readyTimeout;
    private final Cancellation cancellation;
    private final Listener listener;
    private final double from;
    private final double span;
    private final String label;

    /** A context whose replicas get the runtime's configured settings, with no earlier runs to read. */
    public ExperimentContext(ServiceRuntime runtime, Duration readyTimeout, Cancellation cancellation, Listener listener) {
        this(runtime, configured(runtime), Earlier.NONE, readyTimeout, cancellation, listener, 0, 1, "");
    }

    private ExperimentContext(ServiceRuntime runtime, Map<LabService, ReplicaSettings> settings, Earlier earlier, Duration readyTimeout,
                              Cancellation cancellation, Listener listener, double from, double span, String label) {
        this.runtime = runtime;
        this.settings = settings;
        this.earlier = earlier;
        this.readyTimeout = readyTimeout;
        this.cancellation = cancellation;
        this.listener = listener;
        this.from = from;
        this.span = span;
        this.label = label;
    }

    private static Map<LabService, ReplicaSettings> configured(ServiceRuntime runtime) {
        Map<LabService, ReplicaSettings> s = new EnumMap<>(LabService.class);
        for (LabService service : LabService.values()) s.put(service, runtime.defaults(service));
        return s;
    }

    /** This context with ml-api's replicas tuned by the run's parameters (null: as configured). */
    public ExperimentContext tuned(MlTuning tuning) {
        if (tuning == null) return this;
        Map<LabService, ReplicaSettings> s = new EnumMap<>(settings);
        s.put(LabService.ML, tuning.applyTo(settings.get(LabService.ML)));
        return new ExperimentContext(runtime, s, earlier, readyTimeout, cancellation, listener, from, span, label);
    }

    /** This context with ml-api's replicas started with {@code ml} (a start that must get its model another way). */
    public ExperimentContext withMl(ReplicaSettings ml) {
        Map<LabService, ReplicaSettings> s = new EnumMap<>(settings);
        s.put(LabService.ML, ml);
        return new ExperimentContext(runtime, s, earlier, readyTimeout, cancellation, listener, from, span, label);
    }

    /** This context reading earlier runs' figures from {@code earlier}. */
    public ExperimentContext reading(Earlier from) {
        return new ExperimentContext(runtime, settings, from, readyTimeout, cancellation, listener, this.from, span, label);
    }

    /** For what only needs to look: the replicas, their events, stopping. Starts go through this context. */
    public ServiceRuntime runtime() {
        return runtime;
    }

    /** What this run's replicas of the service are started with. */
    public ReplicaSettings settings(LabService service) {
        return settings.get(service);
    }

    /** What the learner's latest measured run of another experiment found (Experiment 5 sizes its spike from Experiment 4's). */
    public Optional<Double> earlier(String experiment, Figure figure) {
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
        return new ExperimentContext(runtime, settings, earlier, readyTimeout, cancellation, listener,
                from + span * index / parts, span / parts, label + partLabel + ": ");
    }

    /** A series whose rows go to the page as they are added; {@link LiveSeries#series()} is what the evidence keeps. */
    public LiveSeries series(SeriesSpec spec) {
        return new LiveSeries(spec);
    }

    /** Waits until the condition holds; stops at once on Cancel; fails with the wait's reason. */
    public void await(Wait wait) throws ExperimentFailure {
        try {
            wait.await(cancellation, readyTimeout);
        } catch (Wait.Failed f) {
            throw new ExperimentFailure(f.getMessage());
        } catch (Cancelled c) {
            throw new ExperimentCancelled();
        }
    }

    /** Sleeps; a cancel ends the run at once. */
    public void pause(Duration d) throws ExperimentCancelled {
        try {
            cancellation.pause(d);
        } catch (Cancelled c) {
            throw new ExperimentCancelled();
        }
    }

    public void checkCancelled() throws ExperimentCancelled {
        if (cancellation.cancelled()) throw new ExperimentCancelled();
    }

    public boolean cancelled() {
        return cancellation.cancelled();
    }

    /** Starts one replica of the service with this run's settings if none runs; returns the replicas. */
    public List<Replica> start(LabService service) throws ExperimentFailure {
        try {
            return runtime.start(service, settings(service));
        } catch (RuntimeFailure e) {
            throw new ExperimentFailure(service.id() + " could not be started: " + e.getMessage(), e);
        }
    }

    /** Stops the service and starts one replica with this run's settings. */
    public void restart(LabService service) throws ExperimentFailure {
        try {
            runtime.restart(service, settings(service));
        } catch (RuntimeFailure e) {
            throw new ExperimentFailure(service.id() + " could not be restarted: " + e.getMessage(), e);
        }
    }

    /** Scales the service to {@code count} replicas (new ones with this run's settings), or says why it could not. */
    public void scale(LabService service, int count) throws ExperimentFailure {
        try {
            runtime.scale(service, count, settings(service));
        } catch (RuntimeFailure e) {
            throw new ExperimentFailure("could not scale " + service.id() + " to " + count + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the service if none of its replicas runs (restarts it if they run with other settings than
     * this run's), waits until the first is ready, returns its port.
     */
    public int readyPort(LabService service) throws ExperimentFailure {
        ReplicaSettings wanted = settings(service);
        if (runtime.running(service).stream().anyMatch(r -> !r.settings().equals(wanted))) {
            progress("restarting " + service.id() + " with this run's settings", 0);
            runtime.stop(service);
        }
        int port = start(service).stream().filter(Replica::running).findFirst()
                .orElseThrow(() -> new ExperimentFailure(service.id() + " could not be started: no replica came up")).port();
        await(Wait.until(service.id() + " being ready", () -> {
            if (ServiceClient.status(port, "/ready") == 200) return true;
            String failed = ServiceClient.readyFailure(port); // live, but it will never be ready: say why at once, do not wait out the timeout
            if (failed != null) throw new Wait.Hopeless(service.id() + " will not become ready: " + failed);
            return false;
        }).every(Duration.ofMillis(200)).failingWhen(exited(service)));
        return port;
    }

    /** Why the service will not change any more (it is not running, or every replica exited), or null. */
    public Supplier<String> exited(LabService service) {
        return () -> {
            List<Replica> replicas = runtime.replicas(service);
            if (replicas.isEmpty()) return service.id() + " is not running (it was stopped, or never started)";
            if (replicas.stream().allMatch(r -> r.state() == ReplicaState.EXITED)) {
                Replica r = replicas.get(0);
                return service.id() + " exited" + (r.exitCode() == null ? "" : " with code " + r.exitCode())
                        + (r.oomKilled() ? ", killed for using more memory than its limit" : "");
            }
            return null;
        };
    }

    /**
     * Why a replica of the service that should become ready never will (it exited, or it is live and
     * says its model failed to load), or null: a wait for several replicas fails at once with the reason
     * instead of running out its time. Replicas that had exited before this call do not count.
     */
    public Supplier<String> replicaLost(LabService service) {
        Set<String> goneBefore = new HashSet<>();
        runtime.replicas(service).stream().filter(r -> r.state() == ReplicaState.EXITED).forEach(r -> goneBefore.add(r.id()));
        return () -> {
            for (Replica r : runtime.replicas(service)) {
                if (goneBefore.contains(r.id())) continue;
                if (r.state() == ReplicaState.EXITED) {
                    return service.id() + " replica " + r.id() + " exited" + (r.exitCode() == null ? "" : " with code " + r.exitCode())
                            + (r.oomKilled() ? ", killed for using more memory than its limit" : "");
                }
                String failed = r.state() == ReplicaState.READY ? null : ServiceClient.readyFailure(r.port());
                if (failed != null) return service.id() + " replica " + r.id() + " will not become ready: " + failed;
            }
            return null;
        };
    }

    /** A constant-rate load that stops at once on Cancel; {@code onSecond} gets each completed second. */
    public LoadResult load(LoadProfile profile, Consumer<LoadResult.SecondSample> onSecond) throws ExperimentCancelled {
        LoadResult r = new ConstantRateLoad().run(profile, onSecond, cancellation::cancelled);
        checkCancelled();
        return r;
    }

    public LoadResult load(LoadProfile profile) throws ExperimentCancelled {
        return load(profile, s -> {
        });
    }

    /** A series being measured: each row goes to the page at once and into the evidence at the end. */
    public final class LiveSeries {
        private final SeriesSpec spec;
        private final List<List<Double>> rows = new ArrayList<>();

        private LiveSeries(SeriesSpec spec) {
            this.spec = spec;
        }

        public synchronized void add(double... values) {
            List<Double> row = Series.row(values);
            if (row.size() != spec.columns().size()) throw new IllegalArgumentException(spec.name() + ": " + values.length + " values for " + spec.columnNames());
            rows.add(row);
            listener.point(spec.name(), spec.columnNames(), row);
        }

        public String name() {
            return spec.name();
        }

        public SeriesSpec spec() {
            return spec;
        }

        public synchronized Series series() {
            return new Series(spec.columnNames(), rows);
        }
    }
}
