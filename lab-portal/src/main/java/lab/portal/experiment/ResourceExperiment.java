package lab.portal.experiment;

import lab.bench.load.ConstantRateLoad;
import lab.bench.load.LoadProfile;
import lab.portal.runtime.LabService;
import lab.portal.runtime.Replica;
import lab.portal.runtime.RuntimeEvents;
import lab.portal.runtime.ServiceRuntime;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Experiment 2, resource monitoring: both services ready, then {@code idle} seconds of nothing and
 * {@code load} seconds of a light constant-rate load on each, while the runtime's 1 Hz samples are
 * kept. Per service ({@code traditional}, {@code ml}): {@code .rss_idle_mb}, {@code .rss_steady_mb}
 * (median under load), {@code .rss_peak_mb}, {@code .cpu_idle_pct}, {@code .cpu_load_pct}; series
 * {@code .rss_mb} and {@code .cpu_pct} ([t, value]).
 */
public final class ResourceExperiment {
    private static final String TEXT = "{\"text\":\"The app keeps logging me out, please fix it\"}";

    private final Duration timeout;

    public ResourceExperiment(Duration timeout) {
        this.timeout = timeout;
    }

    public Evidence run(ServiceRuntime runtime, Duration idle, Duration load, double rate, ExperimentProgress progress)
            throws ExperimentFailure {
        Map<LabService, Integer> ports = new ConcurrentHashMap<>();
        for (LabService s : LabService.values()) {
            progress.report("starting " + s.id(), 0);
            ports.put(s, ReadyService.start(runtime, s, timeout));
        }
        Map<String, LabService> byReplica = new ConcurrentHashMap<>();
        for (LabService s : LabService.values()) {
            for (Replica r : runtime.replicas(s)) byReplica.put(r.id(), s);
        }
        long t0 = System.nanoTime();
        List<double[]> samples = new CopyOnWriteArrayList<>(); // [service ordinal, t, cpu, rss MB]
        RuntimeEvents recorder = new RuntimeEvents() {
            @Override
            public void sample(ResourceSample s) {
                LabService service = byReplica.get(s.replicaId());
                if (service != null) {
                    double t = (System.nanoTime() - t0) / 1e9;
                    samples.add(new double[]{service.ordinal(), t, s.cpuPercent(), s.residentBytes() / 1e6});
                    progress.point(StartupExperiment.key(service) + ".rss_mb", t, s.residentBytes() / 1e6);
                    progress.point(StartupExperiment.key(service) + ".cpu_pct", t, s.cpuPercent());
                }
            }
        };
        runtime.subscribe(recorder);
        try {
            progress.report("idle for " + idle.toSeconds() + " s", 0.1);
            sleep(idle);
            double loadStart = (System.nanoTime() - t0) / 1e9;
            progress.report("light load (" + rate + " req/s on each) for " + load.toSeconds() + " s", 0.5);
            List<CompletableFuture<?>> loads = new ArrayList<>();
            for (LabService s : LabService.values()) {
                URI target = URI.create("http://127.0.0.1:" + ports.get(s) + "/analyze");
                loads.add(CompletableFuture.runAsync(() -> new ConstantRateLoad().run(LoadProfile.post(target, TEXT, rate, load))));
            }
            CompletableFuture.allOf(loads.toArray(new CompletableFuture[0])).join();
            progress.report("done", 1);
            return evidence(samples, loadStart);
        } finally {
            runtime.unsubscribe(recorder);
        }
    }

    static Evidence evidence(List<double[]> samples, double loadStart) {
        Evidence.Builder e = Evidence.builder();
        for (LabService s : LabService.values()) {
            String key = StartupExperiment.key(s);
            List<double[]> mine = samples.stream().filter(x -> x[0] == s.ordinal()).toList();
            List<double[]> rss = mine.stream().map(x -> new double[]{x[1], x[3]}).toList();
            List<double[]> cpu = mine.stream().map(x -> new double[]{x[1], x[2]}).toList();
            e.series(key + ".rss_mb", rss).series(key + ".cpu_pct", cpu);
            e.figure(key + ".rss_idle_mb", median(rss, t -> t < loadStart));
            e.figure(key + ".rss_steady_mb", median(rss, t -> t >= loadStart));
            e.figure(key + ".rss_peak_mb", rss.stream().mapToDouble(x -> x[1]).max().orElse(Double.NaN));
            e.figure(key + ".cpu_idle_pct", mean(cpu, t -> t < loadStart));
            e.figure(key + ".cpu_load_pct", mean(cpu, t -> t >= loadStart));
        }
        return e.build();
    }

    private static double median(List<double[]> points, java.util.function.DoublePredicate when) {
        List<double[]> chosen = points.stream().filter(p -> when.test(p[0])).map(p -> new double[]{p[1]}).toList();
        return chosen.isEmpty() ? Double.NaN : StartupExperiment.median(chosen, 0);
    }

    private static double mean(List<double[]> points, java.util.function.DoublePredicate when) {
        return points.stream().filter(p -> when.test(p[0])).mapToDouble(p -> p[1]).average().orElse(Double.NaN);
    }

    private static void sleep(Duration d) throws ExperimentFailure {
        ReadyService.pause(d.toMillis());
    }
}
