package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.Figures;
import lab.portal.evidence.Series;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.RuntimeEvents;
import lab.process.load.LoadProfile;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Experiment 2, resource monitoring: both services ready, then {@code idle_seconds} of nothing and
 * {@code load_seconds} of a light constant-rate load ({@code load_rate}) on each, while the runtime's
 * 1 Hz samples are kept. Series {@code <svc>.resources} ({@code t_s, cpu_pct, rss_mb}); figures
 * {@code <svc>.rss_idle_mb}, {@code .rss_steady_mb} (median under load), {@code .rss_peak_mb},
 * {@code .cpu_idle_pct}, {@code .cpu_load_pct}.
 */
final class ResourceExperiment implements Experiment {
    private static final String TEXT = "{\"text\":\"The app keeps logging me out, please fix it\"}";

    @Override
    public String id() {
        return "resources";
    }

    @Override
    public Evidence run(ExperimentContext context) throws ExperimentFailure {
        Duration idle = context.parameters().seconds("idle_seconds");
        Duration load = context.parameters().seconds("load_seconds");
        double rate = context.parameters().number("load_rate");
        Map<LabService, Integer> ports = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            context.progress("starting " + s.id(), 0);
            ports.put(s, context.readyPort(s));
        }
        Map<String, LabService> byReplica = new ConcurrentHashMap<>();
        Map<LabService, ExperimentContext.LiveSeries> series = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            for (Replica r : context.runtime().replicas(s)) byReplica.put(r.id(), s);
            series.put(s, context.series(s.key() + ".resources", "t_s", "cpu_pct", "rss_mb"));
        }
        long t0 = System.nanoTime();
        RuntimeEvents recorder = new RuntimeEvents() {
            @Override
            public void sample(ResourceSample s) {
                LabService service = byReplica.get(s.replicaId());
                if (service != null) series.get(service).add((System.nanoTime() - t0) / 1e9, s.cpuPercent(), s.residentBytes() / 1e6);
            }
        };
        context.runtime().subscribe(recorder);
        ExecutorService loads = Executors.newFixedThreadPool(LabService.values().length);
        try {
            context.progress("idle for " + idle.toSeconds() + " s", 0.1);
            context.pause(idle);
            double loadStart = (System.nanoTime() - t0) / 1e9;
            context.progress("light load (" + rate + " req/s on each) for " + load.toSeconds() + " s", 0.5);
            List<Future<?>> running = new ArrayList<>();
            for (LabService s : LabService.values()) {
                LoadProfile profile = LoadProfile.post(URI.create("http://127.0.0.1:" + ports.get(s) + "/analyze"), TEXT, rate, load);
                running.add(loads.submit(() -> context.load(profile)));
            }
            for (Future<?> f : running) join(f);
            context.checkCancelled();
            context.progress("done", 1);
            Evidence.Builder e = Evidence.builder();
            series.forEach((s, live) -> summarise(e, s.key(), live.series(), loadStart));
            return e.build();
        } finally {
            context.runtime().unsubscribe(recorder);
            loads.shutdownNow();
        }
    }

    private static void join(Future<?> f) throws ExperimentFailure {
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ExperimentFailure failure) throw failure;
            throw new ExperimentFailure("the load failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExperimentFailure("interrupted while the load ran", e);
        }
    }

    static void summarise(Evidence.Builder e, String key, Series resources, double loadStart) {
        List<Double> t = resources.column("t_s");
        List<Double> cpu = resources.column("cpu_pct");
        List<Double> rss = resources.column("rss_mb");
        List<Double> rssIdle = new ArrayList<>(), rssLoad = new ArrayList<>(), cpuIdle = new ArrayList<>(), cpuLoad = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            boolean underLoad = t.get(i) >= loadStart;
            (underLoad ? rssLoad : rssIdle).add(rss.get(i));
            (underLoad ? cpuLoad : cpuIdle).add(cpu.get(i));
        }
        e.series(key + ".resources", resources)
                .figure(key + ".rss_idle_mb", Figures.median(rssIdle))
                .figure(key + ".rss_steady_mb", Figures.median(rssLoad))
                .figure(key + ".rss_peak_mb", rss.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(Double.NaN))
                .figure(key + ".cpu_idle_pct", Figures.mean(cpuIdle))
                .figure(key + ".cpu_load_pct", Figures.mean(cpuLoad));
    }
}
