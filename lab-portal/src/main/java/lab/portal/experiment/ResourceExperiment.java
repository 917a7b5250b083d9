package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.evidence.Figures;
import lab.portal.evidence.Series;
import lab.portal.evidence.SeriesSpec;
import lab.portal.evidence.Unit;
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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static lab.portal.evidence.SeriesSpec.column;

/**
 * Experiment 3, resource monitoring: both services ready, then {@code idle_seconds} of nothing and
 * {@code load_seconds} of a light constant-rate load ({@code load_rate}) on each, while the runtime's
 * 1 Hz samples are kept: resident memory idle, steady (median under load) and at its peak, and CPU.
 */
final class ResourceExperiment implements Experiment<ResourceExperiment.Params> {
    private static final String TEXT = "{\"text\":\"The app keeps logging me out, please fix it\"}";

    record Params(double idleSeconds, double loadSeconds, double loadRate, Integer batchSize, Integer memoryLimitMb) implements MlTuning {
    }

    static final Figure.PerService RSS_IDLE = Figure.perService("rss_idle_mb", Unit.MEGABYTES, "resident memory, idle (median)");
    static final Figure.PerService RSS_STEADY = Figure.perService("rss_steady_mb", Unit.MEGABYTES, "resident memory under load (median)");
    static final Figure.PerService RSS_PEAK = Figure.perService("rss_peak_mb", Unit.MEGABYTES, "resident memory at its peak");
    static final Figure.PerService CPU_IDLE = Figure.perService("cpu_idle_pct", Unit.PERCENT_OF_A_CORE, "CPU, idle (mean)");
    static final Figure.PerService CPU_LOAD = Figure.perService("cpu_load_pct", Unit.PERCENT_OF_A_CORE, "CPU under load (mean)");
    static final SeriesSpec.Family RESOURCES = SeriesSpec.family("resources", "CPU and resident memory once a second",
            column("t_s", Unit.SECONDS, "time"), column("cpu_pct", Unit.PERCENT_OF_A_CORE, "CPU"), column("rss_mb", Unit.MEGABYTES, "resident memory"));

    /** What the cost panel and the Kubernetes settings price: each service's steady resident memory. */
    static Figure steadyMemory(LabService service) {
        return RSS_STEADY.of(service.key());
    }

    @Override
    public String id() {
        return "resources";
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
        EvidenceSchema.Builder s = EvidenceSchema.builder();
        for (LabService service : LabService.values()) {
            for (Figure.PerService f : List.of(RSS_IDLE, RSS_STEADY, RSS_PEAK, CPU_IDLE, CPU_LOAD)) s.figure(f.of(service.key()));
            s.series(RESOURCES.of(service.key(), service.id()));
        }
        return s.build();
    }

    @Override
    public Evidence run(ExperimentContext context, Params p) throws ExperimentFailure {
        Duration idle = Duration.ofMillis(Math.round(p.idleSeconds() * 1000));
        Duration load = Duration.ofMillis(Math.round(p.loadSeconds() * 1000));
        Map<LabService, Integer> ports = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            context.progress("starting " + s.id(), 0);
            ports.put(s, context.readyPort(s));
        }
        Map<String, LabService> byReplica = new ConcurrentHashMap<>();
        Map<LabService, ExperimentContext.LiveSeries> series = new EnumMap<>(LabService.class);
        for (LabService s : LabService.values()) {
            for (Replica r : context.runtime().replicas(s)) byReplica.put(r.id(), s);
            series.put(s, context.series(RESOURCES.of(s.key(), s.id())));
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
            context.progress("light load (" + p.loadRate() + " req/s on each) for " + load.toSeconds() + " s", 0.5);
            List<Future<?>> running = new ArrayList<>();
            for (LabService s : LabService.values()) {
                LoadProfile profile = LoadProfile.post(URI.create("http://127.0.0.1:" + ports.get(s) + "/analyze"), TEXT, p.loadRate(), load);
                running.add(loads.submit(() -> context.load(profile)));
            }
            for (Future<?> f : running) join(f);
            context.checkCancelled();
            context.progress("done", 1);
            Evidence.Builder e = Evidence.builder();
            series.forEach((s, live) -> summarise(e, s, live.series(), loadStart));
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

    static void summarise(Evidence.Builder e, LabService service, Series resources, double loadStart) {
        String key = service.key();
        List<Double> t = resources.column("t_s");
        List<Double> cpu = resources.column("cpu_pct");
        List<Double> rss = resources.column("rss_mb");
        List<Double> rssIdle = new ArrayList<>(), rssLoad = new ArrayList<>(), cpuIdle = new ArrayList<>(), cpuLoad = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            boolean underLoad = t.get(i) >= loadStart;
            (underLoad ? rssLoad : rssIdle).add(rss.get(i));
            (underLoad ? cpuLoad : cpuIdle).add(cpu.get(i));
        }
        e.series(RESOURCES.of(key, service.id()), resources)
                .figure(RSS_IDLE.of(key), Figures.median(rssIdle))
                .figure(RSS_STEADY.of(key), Figures.median(rssLoad))
                .figure(RSS_PEAK.of(key), rss.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(Double.NaN))
                .figure(CPU_IDLE.of(key), Figures.mean(cpuIdle))
                .figure(CPU_LOAD.of(key), Figures.mean(cpuLoad));
    }
}
