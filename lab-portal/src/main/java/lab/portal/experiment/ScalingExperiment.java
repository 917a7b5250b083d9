package lab.portal.experiment;

import lab.portal.activity.Wait;
import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.evidence.Figures;
import lab.portal.evidence.SeriesSpec;
import lab.portal.evidence.Unit;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.process.load.ClosedLoad;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static lab.portal.evidence.SeriesSpec.column;

/**
 * Experiment 5, scaling under a spike, naive and from a warm pool, sized from this machine:
 * <ol>
 * <li>Capacity, measured with the replicas the run will have: two ml-api replicas, each computing on
 * {@code inference_threads} cores, first one in rotation, then both (a closed load through the front).
 * The spike lies {@code spike_between} of the way from what one sustained to what two sustained: it
 * overloads one replica and fits in two, by margins that grow with what the second replica adds. A run
 * where the second replica adds less than {@code min_gain} says so (the machine is too small to show the
 * lesson) and its comparison checks are not applicable.</li>
 * <li>Naive: one replica, a steady load (spike ÷ {@code spike_factor}), then the spike; a second replica
 * is started at the spike and serves once its model has loaded.</li>
 * <li>Warm pool: the second replica was started before, warmed with requests of its own and held out
 * of rotation; at the spike it is switched in.</li>
 * </ol>
 * A request answered later than {@code objective_ms} after it was due missed its objective; callers give
 * up at {@code deadline_ms}, well past it, so an overloaded replica shows as missed requests and as a p99
 * that is measured, not one pinned at the deadline as soon as 1 % of the requests miss it. The gap of each part counts from
 * the spike to the first answer the second replica served. With {@code contrast_rate}, traditional-api is
 * scaled out naively for contrast.
 */
final class ScalingExperiment implements Experiment<ScalingExperiment.Params> {
    /** A product review of some length: inference, not the HTTP hop, is what a replica's capacity is made of. */
    static final String TEXT = "{\"text\":\"I ordered the blue jacket three weeks ago and it still has not arrived. The tracking page has said "
            + "'in transit' for ten days and nobody answers the support chat. When it finally came the zip was broken, "
            + "but the refund was quick and the replacement fits perfectly.\"}";

    record Params(Integer inferenceThreads, Integer batchSize, double spikeBetween, double spikeFactor, double objectiveMs, double deadlineMs, double steadySeconds,
                  double spikeSeconds, double calibrationSeconds, double minGain, Double contrastRate) implements MlTuning {
        Duration deadline() {
            return Duration.ofMillis(Math.round(deadlineMs));
        }

        Duration steady() {
            return Duration.ofMillis(Math.round(steadySeconds * 1000));
        }

        Duration spike() {
            return Duration.ofMillis(Math.round(spikeSeconds * 1000));
        }
    }

    static final Figure CAPACITY_ONE = new Figure("ml.capacity_one_rps", Unit.REQUESTS_PER_SECOND, "ml-api: what one replica sustained through the front");
    static final Figure CAPACITY_TWO = new Figure("ml.capacity_two_rps", Unit.REQUESTS_PER_SECOND, "ml-api: what two replicas sustained through the front");
    static final Figure GAIN = new Figure("ml.second_replica_gain", Unit.COUNT, "ml-api: capacity of two replicas ÷ capacity of one");
    static final Figure STEADY_RPS = new Figure("ml.steady_rps", Unit.REQUESTS_PER_SECOND, "ml-api: the steady load before the spike");
    static final Figure SPIKE_RPS = new Figure("ml.spike_rps", Unit.REQUESTS_PER_SECOND, "ml-api: the spike");
    static final Figure.PerService GAP = Figure.perService("gap_s", Unit.SECONDS, "spike → the second replica's first answer");
    static final Figure.PerService SPIKE_ERRORS = Figure.perService("spike_errors", Unit.REQUESTS,
            "requests failed or answered later than the objective during the spike");
    static final Figure.PerService SPIKE_P99 = Figure.perService("spike_p99_ms", Unit.MILLISECONDS,
            "p99 of what callers waited during the spike (a request given up counts as the deadline)");
    static final Figure.PerService STEADY_P99 = Figure.perService("steady_p99_ms", Unit.MILLISECONDS,
            "p99 of what callers waited under the steady load (a request given up counts as the deadline)");
    static final Figure WARM_IDLE_COST = new Figure("ml.warm.idle_cost_mb_s", Unit.MEGABYTE_SECONDS, "ml-api warm pool: the standby's memory × the time it waited");
    static final SeriesSpec.Family TIMELINE = SeriesSpec.family("timeline", "replicas in rotation after the spike began",
            column("t_s", Unit.SECONDS, "after the spike began"), column("in_rotation", Unit.REPLICAS, "in rotation"));
    static final SeriesSpec.Family PER_SECOND = SeriesSpec.family("per_second", "each second of the spike", LoadExperiment.PER_SECOND);
    private static final String[] PARTS = {"ml.naive", "ml.warm", "traditional.naive"};
    /** Before each capacity window: the queues fill to the new number of callers. */
    private static final Duration SETTLE = Duration.ofMillis(500);

    /** What the cost panel prices: the cold-start gap of a service scaled out at the spike. */
    static Figure coldStartGap(LabService service) {
        String part = service.key() + ".naive";
        return GAP.of(part, label(part));
    }

    @Override
    public String id() {
        return "scaling";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public StartingState startingState() {
        return StartingState.of(StartingState.Need.ONE_WITH_RUN_SETTINGS, StartingState.Need.ONE_WITH_RUN_SETTINGS);
    }

    @Override
    public EvidenceSchema schema() {
        EvidenceSchema.Builder s = EvidenceSchema.builder().figure(CAPACITY_ONE).figure(CAPACITY_TWO).figure(GAIN).figure(STEADY_RPS).figure(SPIKE_RPS)
                .figure(WARM_IDLE_COST);
        for (String part : PARTS) {
            for (Figure.PerService f : List.of(GAP, SPIKE_ERRORS, SPIKE_P99, STEADY_P99)) s.figure(f.of(part, label(part)));
            s.series(TIMELINE.of(part, label(part))).series(PER_SECOND.of(part, label(part)));
        }
        return s.build();
    }

    private static String label(String part) {
        return Figure.serviceName(part.substring(0, part.indexOf('.'))) + (part.endsWith("warm") ? ", warm pool" : ", scaled out at the spike");
    }

    @Override
    public Evidence run(ExperimentContext context, Params p) throws ExperimentFailure {
        boolean contrast = p.contrastRate() != null;
        int parts = contrast ? 4 : 3;
        Evidence.Builder all = Evidence.builder();
        Capacity c = calibrate(context.part(0, parts, "measuring capacity"), p);
        double spike = c.one() + p.spikeBetween() * (c.two() - c.one());
        double steady = spike / p.spikeFactor();
        all.figure(CAPACITY_ONE, c.one()).figure(CAPACITY_TWO, c.two()).figure(GAIN, c.gain()).figure(SPIKE_RPS, spike).figure(STEADY_RPS, steady);
        all.note(String.format(Locale.ROOT, "Measured here, through the front: one ml-api replica (%s core(s) each) sustained %.0f req/s, "
                        + "two sustained %.0f req/s (%.2f×). The spike, %.0f req/s, lies %.0f %% of the way from one to two, after %.0f req/s steady; "
                        + "a request answered later than %.0f ms missed its objective, and callers give up after %.0f ms.", threads(p), c.one(), c.two(),
                c.gain(), spike, 100 * p.spikeBetween(), steady, p.objectiveMs(), p.deadlineMs()));
        if (c.gain() < p.minGain()) {
            all.note(String.format(Locale.ROOT, "This machine is too small to show the warm pool's benefit: a second replica added only %.0f %% "
                    + "capacity (less than %.0f %%), because the replicas, the load and the portal share its cores. The comparison checks are "
                    + "not applicable; the cold-start gap still shows.", 100 * (c.gain() - 1), 100 * (p.minGain() - 1)));
        }
        all.add(part(context.part(1, parts, "naive scale-out"), LabService.ML, steady, spike, p, false));
        all.add(part(context.part(2, parts, "warm pool"), LabService.ML, steady, spike, p, true));
        if (contrast) {
            all.add(part(context.part(3, parts, "traditional-api for contrast"), LabService.TRADITIONAL, p.contrastRate() / p.spikeFactor(),
                    p.contrastRate(), p, false));
        }
        return all.build();
    }

    private static String threads(Params p) {
        return p.inferenceThreads() == null ? "all" : Integer.toString(p.inferenceThreads());
    }

    /** What one and two replicas sustain through the front (answers per second under a closed load that keeps their batches full). */
    record Capacity(double one, double two) {
        double gain() {
            return one > 0 ? two / one : 0;
        }
    }

    private static Capacity calibrate(ExperimentContext context, Params p) throws ExperimentFailure {
        try (ReadyRouter router = new ReadyRouter(context.runtime(), LabService.ML, 0)) {
            context.progress("two replicas for the measurement", 0.05);
            Set<String> first = ids(context, LabService.ML);
            scaleAndWait(context, LabService.ML, 2, () -> ready(context, LabService.ML) >= 2);
            String second = joined(context, LabService.ML, first).id();
            URI front = URI.create("http://127.0.0.1:" + router.port() + "/analyze");
            int clients = 2 * (p.batchSize() == null ? 16 : p.batchSize());
            Duration window = Duration.ofMillis(Math.round(p.calibrationSeconds() * 1000));
            // Both replicas serve a while first: a replica that has just become ready is still compiling its hot paths.
            context.progress("warming both replicas up", 0.1);
            ClosedLoad.measure(front, TEXT, 2 * clients, Duration.ZERO, window, context::cancelled);
            context.checkCancelled();
            // One, two, one, two: each capacity is the mean of two windows, so a moment of noise on a busy
            // machine moves the gain less.
            double one = 0, two = 0;
            for (int round = 0; round < 2; round++) {
                router.hold(second);
                context.progress("what one replica sustains", 0.25 + 0.35 * round);
                one += ClosedLoad.measure(front, TEXT, clients, SETTLE, window, context::cancelled).answeredPerSecond() / 2;
                context.checkCancelled();
                router.release(second);
                context.progress("what two replicas sustain", 0.4 + 0.35 * round);
                two += ClosedLoad.measure(front, TEXT, 2 * clients, SETTLE, window, context::cancelled).answeredPerSecond() / 2;
                context.checkCancelled();
            }
            context.progress("done", 1);
            return new Capacity(one, two);
        } catch (IOException ex) {
            throw new ExperimentFailure("the front could not listen: " + ex.getMessage(), ex);
        } finally {
            context.scale(LabService.ML, 1);
        }
    }

    private static Evidence part(ExperimentContext context, LabService service, double steadyRate, double spikeRate, Params p, boolean warmPool)
            throws ExperimentFailure {
        String key = service.key() + (warmPool ? ".warm" : ".naive");
        Evidence.Builder e = Evidence.builder();
        try (ReadyRouter router = new ReadyRouter(context.runtime(), service, 0)) {
            scaleAndWait(context, service, 1, () -> router.inRotation().size() >= 1);
            Standby standby = warmPool ? Standby.prepare(context, service, router, p) : null;
            URI front = URI.create("http://127.0.0.1:" + router.port() + "/analyze");
            context.progress(String.format(Locale.ROOT, "steady load at %.0f req/s", steadyRate), 0.1);
            LoadResult steady = context.load(LoadProfile.post(front, TEXT, steadyRate, p.steady()).withDeadline(p.deadline()));
            e.figure(STEADY_P99.of(key, label(key)), steady.waitedPercentileMs(99, p.deadlineMs()));

            ExperimentContext.LiveSeries timeline = context.series(TIMELINE.of(key, label(key)));
            ExperimentContext.LiveSeries perSecond = context.series(PER_SECOND.of(key, label(key)));
            Set<String> before = ids(context, service);
            long spikeStart = System.nanoTime();
            ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
            watch.scheduleAtFixedRate(() -> timeline.add((System.nanoTime() - spikeStart) / 1e9, router.inRotation().size()),
                    0, 100, TimeUnit.MILLISECONDS);
            try {
                context.progress(String.format(Locale.ROOT, "spike: %.0f req/s, %s", spikeRate,
                        warmPool ? "switching the warm replica in" : "starting a second replica"), 0.4);
                if (standby != null) e.figure(WARM_IDLE_COST, standby.release());
                else context.scale(service, 2);
                LoadResult r = context.load(LoadProfile.post(front, TEXT, spikeRate, p.spike()).withDeadline(p.deadline()),
                        second -> LoadExperiment.add(perSecond, second));
                e.figure(SPIKE_ERRORS.of(key, label(key)), (double) (r.errorCount() + r.answeredLaterThan(p.objectiveMs())))
                        .figure(SPIKE_P99.of(key, label(key)), r.waitedPercentileMs(99, p.deadlineMs()));
            } finally {
                watch.shutdownNow();
            }
            String joiner = standby != null ? standby.replica() : added(context, service, before).map(Replica::id).orElse(null);
            e.figure(GAP.of(key, label(key)), joiner == null ? null
                    : router.firstAnswer(joiner).map(t -> Math.max(0, (t - spikeStart) / 1e9)).orElse(null))
                    .series(timeline.spec(), timeline.series()).series(perSecond.spec(), perSecond.series());
            context.progress("done", 1);
            return e.build();
        } catch (IOException ex) {
            throw new ExperimentFailure("the front could not listen: " + ex.getMessage(), ex);
        } finally {
            context.scale(service, 1);
        }
    }

    private static Set<String> ids(ExperimentContext context, LabService service) {
        Set<String> ids = new HashSet<>();
        for (Replica r : context.runtime().replicas(service)) ids.add(r.id());
        return ids;
    }

    /**
     * The replica a scale-out added: the one whose id was not there before, not the second in the runtime's
     * list. A run on Docker once read the serving replica's answers as the new one's (a gap of 0 s); how the
     * list came to put it second is not known.
     */
    private static Optional<Replica> added(ExperimentContext context, LabService service, Set<String> before) {
        return context.runtime().replicas(service).stream().filter(r -> !before.contains(r.id())).findFirst();
    }

    private static Replica joined(ExperimentContext context, LabService service, Set<String> before) throws ExperimentFailure {
        return added(context, service, before).orElseThrow(() -> new ExperimentFailure("scaling " + service.id() + " out added no replica"));
    }

    /** A second replica started before the spike and held out of rotation, its resident memory watched while it waits. */
    private record Standby(ExperimentContext context, ReadyRouter router, String replica, long since, List<Double> rssMb,
                           RuntimeEvents watcher) {

        static Standby prepare(ExperimentContext context, LabService service, ReadyRouter router, Params p) throws ExperimentFailure {
            context.progress("pre-starting a warm replica", 0.05);
            Set<String> serving = ids(context, service);
            scaleAndWait(context, service, 2, () -> ready(context, service) >= 2);
            Replica standby = joined(context, service, serving);
            String id = standby.id();
            router.hold(id);
            // Warm means more than loaded: a replica that has served a while has compiled its hot paths, as a
            // warm pool's replicas are warmed with requests before they are needed (as long as both replicas
            // were before calibration and its first windows). Without it, the compiler takes a core from both
            // replicas in the spike's first seconds, and requests miss the deadline.
            context.progress("warming the standby up with requests of its own", 0.08);
            ClosedLoad.measure(URI.create("http://127.0.0.1:" + standby.port() + "/analyze"), TEXT, p.batchSize() == null ? 16 : p.batchSize(),
                    Duration.ZERO, Duration.ofMillis(Math.round(2 * p.calibrationSeconds() * 1000)), context::cancelled);
            context.checkCancelled();
            List<Double> rss = new CopyOnWriteArrayList<>();
            RuntimeEvents watcher = new RuntimeEvents() {
                @Override
                public void sample(ResourceSample s) {
                    if (s.replicaId().equals(id)) rss.add(s.residentBytes() / 1e6);
                }
            };
            context.runtime().subscribe(watcher);
            return new Standby(context, router, id, System.nanoTime(), rss, watcher);
        }

        /** Switches it in; returns what waiting cost: its mean resident memory × the seconds it waited (MB·s). */
        Double release() {
            context.runtime().unsubscribe(watcher);
            double waited = (System.nanoTime() - since) / 1e9;
            Double rss = Figures.mean(rssMb);
            router.release(replica);
            return rss == null ? null : rss * waited;
        }
    }

    private static long ready(ExperimentContext context, LabService service) {
        return context.runtime().replicas(service).stream().filter(r -> r.state() == ReplicaState.READY).count();
    }

    /** Scales to {@code count} and waits until {@code enough} holds. */
    private static void scaleAndWait(ExperimentContext context, LabService service, int count, BooleanSupplier enough)
            throws ExperimentFailure {
        Supplier<String> lost = context.replicaLost(service);
        context.scale(service, count);
        context.await(Wait.until(count + " replica(s) of " + service.id() + " ready", enough).failingWhen(lost));
    }
}
