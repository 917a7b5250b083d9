package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.evidence.Figures;
import lab.portal.evidence.Series;
import lab.portal.evidence.SeriesSpec;
import lab.portal.evidence.Unit;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceClient;
import lab.portal.runtime.ServiceInfo;
import lab.portal.runtime.ServiceRuntime;
import lab.process.model.LoopbackModelRepository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static lab.portal.evidence.SeriesSpec.column;

/**
 * Experiment 6, where the model comes from: ml-api started three ways, each timed by phase (its own
 * /info) — downloading DistilBERT-SST-2 into an empty model cache, from the cache that download filled
 * (what the shared cache volume gives every new container), and from a directory with the files (as a
 * model baked into the image). The download comes from DJL's zoo, or, where a model directory is
 * configured ({@code lab.model-artifact}), from a model repository the portal serves on 127.0.0.1 in
 * DJL's layout: the run says which. Figures {@code ml.<download|cache|baked>.ready_s} and
 * {@code .<phase>_s} (medians), {@code ml.cache.from_cache} (1 when the cached start downloaded
 * nothing), {@code ml.download.megabytes}; series {@code ml.starts}.
 */
final class ModelOriginsExperiment implements Experiment<ModelOriginsExperiment.Params> {
    /** @param repetitions starts of each kind */
    record Params(int repetitions) {
    }

    /** How each start gets its model, and what ml-api must report for it (its /info {@code model_files}). */
    enum Kind {
        DOWNLOAD("download", "downloaded", "download into an empty cache"), CACHE("cache", "cached", "from the model cache"),
        BAKED("baked", "local_directory", "baked-in directory");

        final String key;
        final String origin;
        final String words;

        Kind(String key, String origin, String words) {
            this.key = key;
            this.origin = origin;
            this.words = words;
        }

        Figure ready() {
            return READY.of("ml." + key, "ml-api, " + words);
        }
    }

    static final String MODEL = "djl://" + LoopbackModelRepository.GROUP + "/" + LoopbackModelRepository.ARTIFACT;
    /** Where DJL unpacks the artifact inside a model cache (ml-api keeps DJL's cache in {@code <cache>/djl}). */
    static final String UNPACKED = "djl/cache/repo/model/nlp/text_classification/" + LoopbackModelRepository.GROUP.replace('.', '/')
            + "/" + LoopbackModelRepository.ARTIFACT + "/0.0.1/" + LoopbackModelRepository.ARTIFACT;
    private static final List<String> PHASES = List.of("jvm_start", "engine_init", "model_resolve", "model_load", "warmup");
    static final Figure FROM_CACHE = new Figure("ml.cache.from_cache", Unit.COUNT, "ml-api: every start from the cache reported cached files (1 yes)");
    static final Figure MEGABYTES = new Figure("ml.download.megabytes", Unit.MEGABYTES, "ml-api: the model's artifact served on 127.0.0.1");
    static final Figure.PerService READY = Figure.perService("ready_s", Unit.SECONDS, "start → ready (median)");
    static final SeriesSpec STARTS = SeriesSpec.of("ml.starts", "each start, by phase", column("kind", Unit.COUNT, "kind (0 download, 1 cache, 2 baked)"),
            column("ready_s", Unit.SECONDS, "ready"), column("jvm_start_s", Unit.SECONDS, "jvm_start"), column("engine_init_s", Unit.SECONDS, "engine_init"),
            column("model_resolve_s", Unit.SECONDS, "model_resolve"), column("model_load_s", Unit.SECONDS, "model_load"), column("warmup_s", Unit.SECONDS, "warmup"));

    static Figure phase(Kind kind, String phase) {
        return new Figure("ml." + kind.key + "." + phase + "_s", Unit.SECONDS, "ml-api, " + kind.words + ": " + phase + " (median)");
    }

    private final Path artifact;

    /** @param artifact the model's files to serve on loopback, or null to download from DJL's zoo */
    ModelOriginsExperiment(Path artifact) {
        this.artifact = artifact;
    }

    @Override
    public String id() {
        return "model-origins";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public EvidenceSchema schema() {
        EvidenceSchema.Builder s = EvidenceSchema.builder().figure(FROM_CACHE).figure(MEGABYTES).series(STARTS);
        for (Kind kind : Kind.values()) {
            s.figure(kind.ready());
            PHASES.forEach(p -> s.figure(phase(kind, p)));
        }
        return s.build();
    }

    @Override
    public Evidence run(ExperimentContext context, Params p) throws ExperimentFailure {
        int repetitions = p.repetitions();
        ServiceRuntime runtime = context.runtime();
        String scratch = "model-origins-" + System.currentTimeMillis();
        Evidence.Builder e = Evidence.builder();
        try (LoopbackModelRepository repository = artifact == null ? null : serve(artifact)) {
            Map<String, String> env = new LinkedHashMap<>(Map.of("MODEL_URI", MODEL));
            if (repository != null) {
                env.put("DJL_REPO_URL", repository.url());
                e.note(String.format(Locale.ROOT, "Downloaded from a model repository the portal served on 127.0.0.1 (DJL's layout, %.1f MB) from %s: "
                        + "a stand-in for DJL's model zoo, which this portal was told not to use (lab.model-artifact).", repository.artifactBytes() / 1e6, artifact));
                e.figure(MEGABYTES, repository.artifactBytes() / 1e6);
            } else {
                e.note("Downloaded from DJL's model zoo, over the network.");
            }
            ExperimentContext.LiveSeries starts = context.series(STARTS);
            Map<Kind, List<Start>> byKind = new LinkedHashMap<>();
            int total = repetitions * Kind.values().length;
            int done = 0;
            for (int rep = 0; rep < repetitions; rep++) {
                // each repetition fills a cache of its own, so every download starts empty
                String cache = runtime.replicaPath(scratch + "-" + rep);
                for (Kind kind : Kind.values()) {
                    context.progress(kind.key + " start " + (rep + 1) + " of " + repetitions, (double) done++ / total);
                    Map<String, String> vars = new LinkedHashMap<>(env);
                    vars.put("MODEL_CACHE_DIR", cache);
                    // DJL's own settings, which win over MODEL_CACHE_DIR where the environment has them: the model
                    // files in this run's cache, the engine's native libraries in one place shared by every run
                    vars.put("DJL_CACHE_DIR", cache + "/djl");
                    vars.put("ENGINE_CACHE_DIR", runtime.replicaPath("engine-cache"));
                    if (kind == Kind.BAKED) vars.put("MODEL_URI", cache + "/" + UNPACKED);
                    Start s = start(context, kind, vars);
                    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(s);
                    List<Double> row = new ArrayList<>(List.of((double) kind.ordinal(), s.readyS));
                    PHASES.forEach(phase -> row.add(s.phases.get(phase)));
                    starts.add(row.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray());
                }
            }
            byKind.forEach((kind, list) -> {
                e.figure(kind.ready(), Figures.median(list.stream().map(s -> s.readyS).toList()));
                PHASES.forEach(phase -> e.figure(phase(kind, phase), Figures.median(list.stream().map(s -> s.phases.get(phase)).toList())));
            });
            e.figure(FROM_CACHE, byKind.get(Kind.CACHE).stream().allMatch(s -> s.origin.equals(Kind.CACHE.origin)) ? 1.0 : 0.0);
            Series rows = starts.series();
            e.series(STARTS, rows);
            context.progress("done", 1);
            return e.build();
        } catch (IOException ex) {
            throw new ExperimentFailure("the model repository could not be served from " + artifact + ": " + ex.getMessage(), ex);
        } finally {
            runtime.stop(LabService.ML); // its replicas point at this run's cache and repository: the next start uses the configuration
            for (int rep = 0; rep < repetitions; rep++) runtime.discardReplicaPath(scratch + "-" + rep);
        }
    }

    private static LoopbackModelRepository serve(Path artifact) throws IOException {
        return LoopbackModelRepository.serve(artifact, true);
    }

    /** One timed start; fails the run, with ml-api's own reason, when the model did not come the way this start is about. */
    private static Start start(ExperimentContext context, Kind kind, Map<String, String> env) throws ExperimentFailure {
        context.runtime().stop(LabService.ML);
        long t0 = System.nanoTime();
        int port = context.withMl(context.settings(LabService.ML).withEnv(env)).readyPort(LabService.ML);
        double ready = (System.nanoTime() - t0) / 1e9;
        ServiceInfo info = ServiceClient.info(port).orElseThrow(() -> new ExperimentFailure("ml-api's /info could not be read"));
        String origin = info.modelFiles() == null ? "" : info.modelFiles();
        if (!origin.equals(kind.origin)) {
            String why = info.fallbackReason() != null ? info.fallbackReason() : info.modelFilesNote() == null ? "" : info.modelFilesNote();
            if (info.isFallback()) {
                throw new ExperimentFailure("the " + kind.key + " start could not get DistilBERT-SST-2 and ml-api fell back to its offline model: " + why
                        + (kind == Kind.DOWNLOAD ? ". Without network, give the portal the model's files (README, \"The model cache\") with "
                        + "--lab.model-artifact=<dir>: the experiment then serves them from a repository on 127.0.0.1" : ""));
            }
            throw new ExperimentFailure("the " + kind.key + " start got its model files as '" + origin + "', not '" + kind.origin + "'"
                    + (why.isBlank() ? "" : ": " + why));
        }
        return new Start(ready, origin, info.phaseSeconds());
    }

    private record Start(double readyS, String origin, Map<String, Double> phases) {
    }
}
