package lab.portal.experiment;

import lab.bench.ServiceProcess;
import lab.bench.load.ConstantRateLoad;
import lab.bench.load.LoadProfile;
import lab.bench.load.LoadResult;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ReadyRouter;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.ServiceRuntime;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Experiment 5, scaling under a spike: steady load through the ready-only front, then the rate times
 * {@code spikeFactor}; at the spike a second replica is added. Naive: it is started then, and serves
 * only once its model has loaded (the cold-start gap). Warm pool: it was started before, held out of
 * rotation, and is switched in at the spike. Figures, prefixed {@code <svc>.<naive|warm>.}:
 * {@code gap_s} (spike to second replica in rotation), {@code spike_errors}, {@code spike_p99_ms}, and
 * for the warm pool {@code idle_cost_mb_s} (the standby's measured RSS × the time it waited); series
 * {@code .timeline} ([t, replicas in rotation]) and {@code .per_second} from the load ([second,
 * completed, errors, p50 ms, p99 ms]).
 */
public final class ScalingExperiment {
    private static final String TEXT = "{\"text\":\"The parcel arrived late but the support team was really helpful\"}";

    private final Duration timeout;

    public ScalingExperiment(Duration timeout) {
        this.timeout = timeout;
    }

    public Evidence run(ServiceRuntime runtime, LabService service, double rate, double spikeFactor, Duration steady,
                        Duration spike, boolean warmPool, ExperimentProgress progress) throws ExperimentFailure {
        String key = StartupExperiment.key(service) + (warmPool ? ".warm" : ".naive");
        Evidence.Builder e = Evidence.builder();
        try (ReadyRouter router = new ReadyRouter(runtime, service, 0)) {
            scaleAndWait(runtime, service, 1, router, 1);
            String standby = null;
            long standbySince = 0;
            List<Double> standbyRss = new CopyOnWriteArrayList<>();
            RuntimeEvents rssOfStandby = null;
            if (warmPool) {
                progress.report("pre-starting a warm replica", 0.05);
                scaleAndWait(runtime, service, 2, null, 2);
                standby = runtime.replicas(service).get(1).id();
                router.hold(standby);
                standbySince = System.nanoTime();
                String id = standby;
                rssOfStandby = new RuntimeEvents() {
                    @Override
                    public void sample(ResourceSample s) {
                        if (s.replicaId().equals(id)) standbyRss.add(s.residentBytes() / 1e6);
                    }
                };
                runtime.subscribe(rssOfStandby);
            }
            URI front = URI.create("http://127.0.0.1:" + router.port() + "/analyze");
            ConstantRateLoad load = new ConstantRateLoad();
            progress.report("steady load at " + rate + " req/s", 0.1);
            load.run(LoadProfile.post(front, TEXT, rate, steady));

            List<double[]> timeline = new CopyOnWriteArrayList<>();
            long spikeStart = System.nanoTime();
            ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
            watch.scheduleAtFixedRate(() -> {
                double[] point = {(System.nanoTime() - spikeStart) / 1e9, router.inRotation().size()};
                timeline.add(point);
                progress.point(key + ".timeline", point);
            }, 0, 100, TimeUnit.MILLISECONDS);
            try {
                progress.report("spike: " + rate * spikeFactor + " req/s, " + (warmPool ? "switching the warm replica in" : "starting a second replica"), 0.4);
                if (warmPool) {
                    runtime.unsubscribe(rssOfStandby);
                    double waited = (System.nanoTime() - standbySince) / 1e9;
                    e.figure(key + ".idle_cost_mb_s", standbyRss.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN) * waited);
                    router.release(standby);
                } else {
                    runtime.scale(service, 2);
                }
                LoadResult r = load.run(LoadProfile.post(front, TEXT, rate * spikeFactor, spike),
                        second -> progress.point(key + ".per_second", LoadExperiment.row(second)));
                e.figure(key + ".spike_errors", r.errorCount()).figure(key + ".spike_p99_ms", r.percentileMs(99));
                List<double[]> perSecond = new ArrayList<>();
                r.perSecond().forEach(s -> perSecond.add(LoadExperiment.row(s)));
                e.series(key + ".per_second", perSecond);
            } catch (ServiceRuntime.RuntimeFailure ex) {
                throw new ExperimentFailure("could not scale " + service.id() + ": " + ex.getMessage(), ex);
            } finally {
                watch.shutdownNow();
            }
            double gap = timeline.stream().filter(p -> p[1] >= 2).mapToDouble(p -> p[0]).findFirst().orElse(Double.NaN);
            e.figure(key + ".gap_s", gap).series(key + ".timeline", timeline);
            progress.report("done", 1);
            return e.build();
        } catch (IOException ex) {
            throw new ExperimentFailure("the front could not listen: " + ex.getMessage(), ex);
        } finally {
            try {
                runtime.scale(service, 1);
            } catch (ServiceRuntime.RuntimeFailure ignored) {
                // scaling down never needs to start anything
            }
        }
    }

    /** Scales to {@code count} and waits until {@code ready} replicas are READY (in the router, when given). */
    private void scaleAndWait(ServiceRuntime runtime, LabService service, int count, ReadyRouter router, int ready)
            throws ExperimentFailure {
        try {
            runtime.scale(service, count);
        } catch (ServiceRuntime.RuntimeFailure ex) {
            throw new ExperimentFailure("could not start " + service.id() + ": " + ex.getMessage(), ex);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Replica> now = router != null ? router.inRotation()
                    : runtime.replicas(service).stream().filter(r -> r.state() == ReplicaState.READY).toList();
            if (now.size() >= ready) return;
            if (System.nanoTime() > deadline) throw new ExperimentFailure(service.id() + " replicas not ready within " + timeout.toSeconds() + " s");
            ServiceProcess.sleepMillis(50);
        }
    }
}
