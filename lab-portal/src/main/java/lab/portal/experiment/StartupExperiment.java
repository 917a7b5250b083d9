package lab.portal.experiment;

import lab.portal.activity.Wait;
import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.evidence.Figures;
import lab.portal.evidence.Series;
import lab.portal.evidence.SeriesSpec;
import lab.portal.evidence.Unit;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ServiceClient;
import lab.process.Probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import static lab.portal.evidence.SeriesSpec.column;

/**
 * Experiment 1, start-up time: both services stopped, then each started cold {@code repetitions} times
 * while its port is probed every 10 ms, recording the timeline start request → started (process spawned
 * or container running) → port open → /health 200 → /ready 200. Both services are timed the same way, so
 * their live-to-ready gaps compare: each probe round asks /ready first, and a service found ready in the
 * round it is first found live has a gap of 0 (live and ready at once), not the time the probes took.
 */
final class StartupExperiment implements Experiment<StartupExperiment.Params> {
    private static final Duration PROBE = Duration.ofMillis(10);

    /** @param repetitions cold starts of each service */
    record Params(int repetitions) {
    }

    static final Figure.PerService STARTED = Figure.perService("started_s.median", Unit.SECONDS, "start request → process or container started (median)");
    static final Figure.PerService PORT_OPEN = Figure.perService("port_open_s.median", Unit.SECONDS, "start request → port open (median)");
    static final Figure.PerService LIVE = Figure.perService("live_s.median", Unit.SECONDS, "start request → /health 200 (median)");
    static final Figure.PerService READY = Figure.perService("ready_s.median", Unit.SECONDS, "start request → /ready 200 (median)");
    static final Figure.PerService READY_MIN = Figure.perService("ready_s.min", Unit.SECONDS, "quickest start to ready");
    static final Figure.PerService READY_MAX = Figure.perService("ready_s.max", Unit.SECONDS, "slowest start to ready");
    static final Figure.PerService GAP_MIN = Figure.perService("live_to_ready_gap_s.min", Unit.SECONDS, "shortest time live but not ready");
    static final Figure.PerService GAP_MAX = Figure.perService("live_to_ready_gap_s.max", Unit.SECONDS, "longest time live but not ready");
    static final SeriesSpec.Family TIMELINE = SeriesSpec.family("timeline", "each start's milestones",
            column("started_s", Unit.SECONDS, "started"), column("port_open_s", Unit.SECONDS, "port open"),
            column("live_s", Unit.SECONDS, "live (/health 200)"), column("ready_s", Unit.SECONDS, "ready (/ready 200)"));

    /** The Kubernetes settings read the slowest start; the cost panel nothing here. */
    static final Figure ML_READY_MAX = READY_MAX.of(LabService.ML.key());

    @Override
    public String id() {
        return "startup";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public StartingState startingState() {
        return StartingState.of(StartingState.Need.STOPPED, StartingState.Need.STOPPED);
    }

    @Override
    public EvidenceSchema schema() {
        EvidenceSchema.Builder s = EvidenceSchema.builder();
        for (LabService service : LabService.values()) {
            for (Figure.PerService f : List.of(STARTED, PORT_OPEN, LIVE, READY, READY_MIN, READY_MAX, GAP_MIN, GAP_MAX)) s.figure(f.of(service.key()));
            s.series(TIMELINE.of(service.key(), service.id()));
        }
        return s.build();
    }

    @Override
    public Evidence run(ExperimentContext context, Params p) throws ExperimentFailure {
        Evidence.Builder evidence = Evidence.builder();
        context.runtime().stop(LabService.TRADITIONAL);
        context.runtime().stop(LabService.ML);
        int done = 0;
        int total = p.repetitions() * LabService.values().length;
        for (LabService service : LabService.values()) {
            ExperimentContext.LiveSeries timeline = context.series(TIMELINE.of(service.key(), service.id()));
            for (int rep = 1; rep <= p.repetitions(); rep++) {
                context.progress("starting " + service.id() + " (" + rep + " of " + p.repetitions() + ")", (double) done++ / total);
                Milestones m = measureOneStart(context, service);
                timeline.add(m.started, m.portOpen, m.live, m.ready);
                context.runtime().stop(service);
            }
            summarise(evidence, service.key(), timeline.series());
        }
        context.progress("done", 1);
        return evidence.build();
    }

    /** One cold start: seconds from the start request to started, port open, live and ready. */
    private static Milestones measureOneStart(ExperimentContext context, LabService service) throws ExperimentFailure {
        Instant requested = Instant.now();
        long t0 = System.nanoTime();
        List<Replica> replicas = context.start(service);
        Milestones m = new Milestones(t0, replicas.get(0).port());
        m.started = Math.max(0, Duration.between(requested, replicas.get(0).startedAt()).toNanos() / 1e9);
        context.await(Wait.until(service.id() + " being ready", m::observe).every(PROBE).failingWhen(context.exited(service)));
        return m;
    }

    /**
     * What one start reached, and when (seconds after the request, at the start of the probe round that
     * first saw it). /ready is asked before /health: a service that is ready when first seen live is live
     * and ready at the same moment, so the gap measures the service, not the probes.
     */
    private static final class Milestones {
        final long t0;
        final int port;
        double started;
        double portOpen = Double.NaN;
        double live = Double.NaN;
        double ready = Double.NaN;

        Milestones(long t0, int port) {
            this.t0 = t0;
            this.port = port;
        }

        boolean observe() {
            double t = (System.nanoTime() - t0) / 1e9;
            if (Double.isNaN(portOpen) && Probe.portOpen(port)) portOpen = t;
            if (Double.isNaN(portOpen)) return false;
            if (ServiceClient.status(port, "/ready") == 200) {
                ready = t;
                if (Double.isNaN(live)) live = t;
                return true;
            }
            if (Double.isNaN(live) && ServiceClient.status(port, "/health") == 200) live = t;
            return false;
        }
    }

    private static void summarise(Evidence.Builder evidence, String key, Series timeline) {
        evidence.series(TIMELINE.of(key, Figure.serviceName(key)), timeline);
        evidence.figure(STARTED.of(key), Figures.median(timeline.column("started_s")))
                .figure(PORT_OPEN.of(key), Figures.median(timeline.column("port_open_s")))
                .figure(LIVE.of(key), Figures.median(timeline.column("live_s")))
                .figure(READY.of(key), Figures.median(timeline.column("ready_s")));
        // the quickest and slowest start: "ml-api later in every start" is judged on these, not on a ratio noise can flip
        List<Double> readyTimes = timeline.column("ready_s").stream().filter(Objects::nonNull).toList();
        evidence.figure(READY_MIN.of(key), readyTimes.isEmpty() ? null : Collections.min(readyTimes));
        evidence.figure(READY_MAX.of(key), readyTimes.isEmpty() ? null : Collections.max(readyTimes));
        List<Double> live = timeline.column("live_s"), ready = timeline.column("ready_s");
        List<Double> gaps = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            if (live.get(i) != null && ready.get(i) != null) gaps.add(ready.get(i) - live.get(i));
        }
        evidence.figure(GAP_MIN.of(key), gaps.isEmpty() ? null : Collections.min(gaps));
        evidence.figure(GAP_MAX.of(key), gaps.isEmpty() ? null : Collections.max(gaps));
    }
}
