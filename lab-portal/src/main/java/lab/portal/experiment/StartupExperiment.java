package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.Figures;
import lab.portal.evidence.Series;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ServiceRuntime;
import lab.process.Probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Experiment 1, start-up time: both services stopped, then each started cold {@code repetitions} times
 * while its port is probed every 10 ms, recording the timeline start request → started (process spawned
 * or container running) → port open → /health 200 → /ready 200. Series {@code <svc>.timeline}, one row
 * per start; figures {@code <svc>.started_s|port_open_s|live_s|ready_s.median} and the smallest
 * live-to-ready gap, {@code <svc>.live_to_ready_gap_s.min}.
 */
final class StartupExperiment implements Experiment {
    private static final Duration PROBE = Duration.ofMillis(10);

    @Override
    public String id() {
        return "startup";
    }

    @Override
    public Evidence run(ExperimentContext context) throws ExperimentFailure {
        int repetitions = context.parameters().integer("repetitions");
        Evidence.Builder evidence = Evidence.builder();
        ServiceRuntime runtime = context.runtime();
        runtime.stop(LabService.TRADITIONAL);
        runtime.stop(LabService.ML);
        int done = 0;
        int total = repetitions * LabService.values().length;
        for (LabService service : LabService.values()) {
            ExperimentContext.LiveSeries timeline = context.series(service.key() + ".timeline", "started_s", "port_open_s", "live_s", "ready_s");
            for (int rep = 1; rep <= repetitions; rep++) {
                context.progress("starting " + service.id() + " (" + rep + " of " + repetitions + ")", (double) done++ / total);
                Milestones m = measureOneStart(context, service);
                timeline.add(m.started, m.portOpen, m.live, m.ready);
                runtime.stop(service);
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
        List<Replica> replicas;
        try {
            replicas = context.runtime().start(service);
        } catch (ServiceRuntime.RuntimeFailure e) {
            throw new ExperimentFailure(service.id() + " could not be started: " + e.getMessage(), e);
        }
        Milestones m = new Milestones(t0, replicas.get(0).port());
        m.started = Math.max(0, Duration.between(requested, replicas.get(0).startedAt()).toNanos() / 1e9);
        context.await(Wait.until(service.id() + " being ready", m::observe).every(PROBE).failingIfExited(service));
        return m;
    }

    /** What one start reached, and when (seconds after the request); the probe walks port → live → ready. */
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
            if (!Double.isNaN(portOpen) && Double.isNaN(live) && Probe.status(port, "/health") == 200) live = t;
            if (!Double.isNaN(live) && Probe.status(port, "/ready") == 200) ready = (System.nanoTime() - t0) / 1e9;
            return !Double.isNaN(ready);
        }
    }

    private static void summarise(Evidence.Builder evidence, String key, Series timeline) {
        evidence.series(key + ".timeline", timeline);
        for (String column : timeline.columns()) {
            evidence.figure(key + "." + column + ".median", Figures.median(timeline.column(column)));
        }
        // the quickest and slowest start: "ml-api later in every start" is judged on these, not on a ratio noise can flip
        List<Double> readyTimes = timeline.column("ready_s").stream().filter(Objects::nonNull).toList();
        evidence.figure(key + ".ready_s.min", readyTimes.isEmpty() ? null : Collections.min(readyTimes));
        evidence.figure(key + ".ready_s.max", readyTimes.isEmpty() ? null : Collections.max(readyTimes));
        List<Double> live = timeline.column("live_s");
        List<Double> ready = timeline.column("ready_s");
        double gap = Double.NaN;
        for (int i = 0; i < live.size(); i++) {
            if (live.get(i) != null && ready.get(i) != null) gap = Double.isNaN(gap) ? ready.get(i) - live.get(i) : Math.min(gap, ready.get(i) - live.get(i));
        }
        evidence.figure(key + ".live_to_ready_gap_s.min", gap);
    }
}
