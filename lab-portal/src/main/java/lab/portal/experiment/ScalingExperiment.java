package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.Figures;
import lab.portal.evidence.Series;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ReadyRouter;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.ServiceRuntime;
import lab.process.load.LoadProfile;
import lab.process.load.LoadResult;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Experiment 5, scaling under a spike, in up to three parts: steady load through the ready-only front,
 * then the rate times {@code spike_factor}; at the spike a second replica is added. Naive: it is started
 * then, and serves only once its model has loaded (the cold-start gap). Warm pool: it was started before,
 * held out of rotation, and is switched in at the spike. With {@code contrast_rate}, traditional-api is
 * scaled out naively for contrast. Figures, prefixed {@code <svc>.<naive|warm>.}: {@code gap_s} (spike to
 * second replica in rotation), {@code spike_errors}, {@code spike_p99_ms}, and for the warm pool
 * {@code idle_cost_mb_s} (the standby's measured RSS × the time it waited); series {@code .timeline}
 * ({@code t_s, in_rotation}) and {@code .per_second}.
 * <p>
 * The spike is sized from the learner's own capacity: {@code spike_share} × the highest rate one ml-api
 * replica sustained in Experiment 3, so one replica can just absorb it and a second, warm one has room
 * to spare; the naive run's new replica competes for the CPU while it loads. Until Experiment 3 has
 * measured that, {@code rate} is the steady load. Figures {@code ml.steady_rps} and {@code ml.spike_rps}.
 */
final class ScalingExperiment implements Experiment {

    @Override
    public String id() {
        return "scaling";
    }

    @Override
    public Evidence run(ExperimentContext context) throws ExperimentFailure {
        var p = context.parameters();
        LabService service = p.text("service").equals("traditional") ? LabService.TRADITIONAL : LabService.ML;
        boolean contrast = p.has("contrast_rate");
        int parts = contrast ? 3 : 2;
        Evidence.Builder all = Evidence.builder();
        Optional<Double> capacity = context.earlier("load", "ml.max_sustained_rps").filter(c -> c > 0);
        double spike = capacity.map(c -> p.number("spike_share") * c).orElse(p.number("rate") * p.number("spike_factor"));
        double rate = spike / p.number("spike_factor");
        all.note(capacity.isPresent()
                ? String.format(Locale.ROOT, "The spike is %.0f req/s: %.2f × the %.0f req/s ml-api sustained in your Experiment 3; "
                + "the steady load before it %.1f req/s (÷ %.1f).", spike, p.number("spike_share"), capacity.get(), rate, p.number("spike_factor"))
                : String.format(Locale.ROOT, "Experiment 3 has not measured ml-api's capacity yet, so the steady load is the content's %.1f req/s "
                + "and the spike %.0f req/s; run Experiment 3 first to size the spike from your own machine.", rate, spike));
        if (p.has("inference_threads")) {
            all.note("Each ml-api replica computes on " + p.integer("inference_threads") + " core(s) (INFERENCE_THREADS), as a container with "
                    + "that CPU limit would: a second replica brings cores of its own, as on a second node.");
        }
        all.figure(service.key() + ".steady_rps", rate).figure(service.key() + ".spike_rps", spike);
        all.add(part(context.part(0, parts, "naive scale-out"), service, rate, false));
        all.add(part(context.part(1, parts, "warm pool"), service, rate, true));
        if (contrast) {
            all.add(part(context.part(2, parts, "traditional-api for contrast"), LabService.TRADITIONAL, p.number("contrast_rate"), false));
        }
        return all.build();
    }

    private static Evidence part(ExperimentContext context, LabService service, double rate, boolean warmPool) throws ExperimentFailure {
        var p = context.parameters();
        String key = service.key() + (warmPool ? ".warm" : ".naive");
        Evidence.Builder e = Evidence.builder();
        try (ReadyRouter router = new ReadyRouter(context.runtime(), service, 0)) {
            scaleAndWait(context, service, 1, () -> router.inRotation().size() >= 1);
            Standby standby = warmPool ? Standby.prepare(context, service, router) : null;
            URI front = URI.create("http://127.0.0.1:" + router.port() + "/analyze");
            context.progress("steady load at " + rate + " req/s", 0.1);
            context.load(LoadProfile.post(front, LoadExperiment.TEXT, rate, p.seconds("steady_seconds")));

            ExperimentContext.LiveSeries timeline = context.series(key + ".timeline", "t_s", "in_rotation");
            ExperimentContext.LiveSeries perSecond = context.series(key + ".per_second", LoadExperiment.PER_SECOND);
            long spikeStart = System.nanoTime();
            ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
            watch.scheduleAtFixedRate(() -> timeline.add((System.nanoTime() - spikeStart) / 1e9, router.inRotation().size()),
                    0, 100, TimeUnit.MILLISECONDS);
            try {
                double spikeRate = rate * p.number("spike_factor");
                context.progress("spike: " + spikeRate + " req/s, " + (warmPool ? "switching the warm replica in" : "starting a second replica"), 0.4);
                if (standby != null) e.figure(key + ".idle_cost_mb_s", standby.release());
                else context.scale(service, 2);
                LoadResult r = context.load(LoadProfile.post(front, LoadExperiment.TEXT, spikeRate, p.seconds("spike_seconds")),
                        second -> LoadExperiment.add(perSecond, second));
                e.figure(key + ".spike_errors", (double) r.errorCount()).figure(key + ".spike_p99_ms", r.percentileMs(99));
            } finally {
                watch.shutdownNow();
            }
            Series rows = timeline.series();
            e.figure(key + ".gap_s", firstTimeWithTwo(rows)).series(key + ".timeline", rows).series(key + ".per_second", perSecond.series());
            context.progress("done", 1);
            return e.build();
        } catch (IOException ex) {
            throw new ExperimentFailure("the front could not listen: " + ex.getMessage(), ex);
        } finally {
            try {
                context.runtime().scale(service, 1);
            } catch (ServiceRuntime.RuntimeFailure ignored) {
                // scaling down never needs to start anything
            }
        }
    }

    /** Seconds after the spike when a second replica first served, or null when none did. */
    private static Double firstTimeWithTwo(Series timeline) {
        List<Double> t = timeline.column("t_s"), inRotation = timeline.column("in_rotation");
        for (int i = 0; i < t.size(); i++) {
            if (inRotation.get(i) >= 2) return t.get(i);
        }
        return null;
    }

    /** A second replica started before the spike and held out of rotation, its resident memory watched while it waits. */
    private record Standby(ExperimentContext context, ReadyRouter router, String replica, long since, List<Double> rssMb,
                           RuntimeEvents watcher) {

        static Standby prepare(ExperimentContext context, LabService service, ReadyRouter router) throws ExperimentFailure {
            context.progress("pre-starting a warm replica", 0.05);
            scaleAndWait(context, service, 2, () -> ready(context, service) >= 2);
            String id = context.runtime().replicas(service).get(1).id();
            router.hold(id);
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
    private static void scaleAndWait(ExperimentContext context, LabService service, int count, java.util.function.BooleanSupplier enough)
            throws ExperimentFailure {
        context.scale(service, count);
        context.await(Wait.until(count + " replica(s) of " + service.id() + " ready", enough).failingIfExited(service));
    }

}
