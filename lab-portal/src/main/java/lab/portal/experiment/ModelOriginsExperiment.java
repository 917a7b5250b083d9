package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.EvidenceSchema;
import lab.portal.evidence.Figure;
import lab.portal.evidence.Figures;
import lab.portal.evidence.SeriesSpec;
import lab.portal.evidence.Unit;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceClient;
import lab.portal.runtime.ServiceInfo;
import lab.portal.runtime.RuntimeFailure;
import lab.portal.services.ServedModel;
import lab.portal.runtime.ServiceRuntime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static lab.portal.evidence.SeriesSpec.column;

/**
 * Experiment 6, where the model comes from: ml-api started three ways, each timed by phase (its own
 * /info) — downloading the model into an empty model cache, from the cache that download filled (what the
 * shared cache volume gives every new container), and from a directory with the files (as a model baked
 * into the image). Each start also reports what it fetched over the network, so "the cache downloaded
 * nothing" is measured, not assumed. The model is DistilBERT-SST-2 from DJL's zoo (or from a directory the
 * portal serves in the zoo's layout, {@code lab.model-artifact}); where the zoo cannot be reached, or the
 * portal's ml-api is set to the offline model, the project's offline model is served on 127.0.0.1
 * instead, and the run says so ({@link ModelSupply}).
 */
final class ModelOriginsExperiment implements Experiment<ModelOriginsExperiment.Params> {
    /** @param repetitions starts of each kind */
    record Params(int repetitions) {
    }

    /** How each start gets its model, and what ml-api reports for it (its /info {@code model_files}). */
    enum Kind {
        DOWNLOAD("download", "download into an empty cache"), CACHE("cache", "from the model cache"), BAKED("baked", "baked-in directory");

        final String key;
        final String words;

        Kind(String key, String words) {
            this.key = key;
            this.words = words;
        }

        Figure ready() {
            return READY.of("ml." + key, "ml-api, " + words);
        }

        Figure fetched() {
            return FETCHED.of("ml." + key, "ml-api, " + words);
        }
    }

    /** In the order ml-api runs them for a remote model, as STARTS' columns are. */
    private static final List<String> PHASES = List.of("jvm_start", "model_resolve", "engine_init", "model_load", "warmup");
    static final Figure MEGABYTES = new Figure("ml.download.megabytes", Unit.MEGABYTES, "ml-api: the model's artifact the portal served on 127.0.0.1");
    static final Figure DISTILBERT = new Figure(ServedModel.DISTILBERT_FIGURE, Unit.COUNT,
            "ml-api: the model was DistilBERT-SST-2 (1), or the offline model standing in for it (0)");
    static final Figure.PerService READY = Figure.perService("ready_s", Unit.SECONDS, "start → ready (median)");
    static final Figure.PerService FETCHED = Figure.perService("fetched_mb", Unit.MEGABYTES, "fetched over the network for the model (total)");
    static final SeriesSpec STARTS = SeriesSpec.of("ml.starts", "each start, by phase", column("kind", Unit.COUNT, "kind (0 download, 1 cache, 2 baked)"),
            column("ready_s", Unit.SECONDS, "ready"), column("jvm_start_s", Unit.SECONDS, "jvm_start"), column("model_resolve_s", Unit.SECONDS, "model_resolve"),
            column("engine_init_s", Unit.SECONDS, "engine_init"), column("model_load_s", Unit.SECONDS, "model_load"), column("warmup_s", Unit.SECONDS, "warmup"),
            column("fetched_mb", Unit.MEGABYTES, "fetched"));

    static Figure phase(Kind kind, String phase) {
        return new Figure("ml." + kind.key + "." + phase + "_s", Unit.SECONDS, "ml-api, " + kind.words + ": " + phase + " (median)");
    }

    private final Path artifact;
    private final Path offlineExport;

    /**
     * @param artifact      DistilBERT-SST-2's files to serve on loopback, or null (DJL's zoo, or the offline model)
     * @param offlineExport where the offline model's artifact is exported once
     */
    ModelOriginsExperiment(Path artifact, Path offlineExport) {
        this.artifact = artifact;
        this.offlineExport = offlineExport;
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
    public StartingState startingState() {
        return StartingState.of(StartingState.Need.AS_FOUND, StartingState.Need.STOPPED);
    }

    @Override
    public EvidenceSchema schema() {
        EvidenceSchema.Builder s = EvidenceSchema.builder().figure(MEGABYTES).figure(DISTILBERT).series(STARTS);
        for (Kind kind : Kind.values()) {
            s.figure(kind.ready()).figure(kind.fetched());
            PHASES.forEach(p -> s.figure(phase(kind, p)));
        }
        return s.build();
    }

    @Override
    public Evidence run(ExperimentContext context, Params p) throws ExperimentFailure {
        ServiceRuntime runtime = context.runtime();
        String scratch = "model-origins-" + System.currentTimeMillis();
        ModelSupply supply = null;
        try {
            supply = firstSupply(context);
            ExperimentContext.LiveSeries starts = context.series(STARTS);
            Map<Kind, List<Start>> byKind = new LinkedHashMap<>();
            int total = p.repetitions() * Kind.values().length;
            int done = 0;
            for (int rep = 0; rep < p.repetitions(); rep++) {
                // each repetition fills a cache of its own, so every download starts empty
                String cache = runtime.replicaPath(scratch + "-" + rep);
                String modelDir = null;
                for (Kind kind : Kind.values()) {
                    context.progress(kind.key + " start " + (rep + 1) + " of " + p.repetitions(), (double) done++ / total);
                    Start s = start(context, kind, environment(supply, kind, cache, modelDir, runtime));
                    if (s.info.isFallback() && kind == Kind.DOWNLOAD && rep == 0 && supply.distilbert() && artifact == null) {
                        // DJL's zoo cannot be reached from here: the lesson goes on with the project's own model
                        supply.close();
                        supply = ModelSupply.offline(runtime, offlineExport, "DJL's model zoo could not be reached (" + s.info.fallbackReason() + ")");
                        context.progress("the zoo cannot be reached: downloading the project's offline model instead", (double) (done - 1) / total);
                        s = start(context, kind, environment(supply, kind, cache, null, runtime));
                    }
                    if (s.info.isFallback()) {
                        throw new ExperimentFailure("the " + kind.key + " start could not get its model and ml-api fell back to its offline model: "
                                + s.info.fallbackReason());
                    }
                    if (s.info.modelDir() != null) modelDir = s.info.modelDir();
                    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(s);
                    Map<String, Double> phases = s.phases();
                    List<Double> row = new ArrayList<>(List.of((double) kind.ordinal(), s.readyS));
                    PHASES.forEach(phase -> row.add(phases.get(phase)));
                    row.add(s.fetchedMb());
                    starts.add(row.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray());
                }
            }
            Evidence.Builder e = Evidence.builder().note(supply.note()).figure(DISTILBERT, supply.distilbert() ? 1.0 : 0.0)
                    .figure(MEGABYTES, supply.megabytes());
            byKind.forEach((kind, list) -> {
                e.figure(kind.ready(), Figures.median(list.stream().map(Start::readyS).toList()));
                e.figure(kind.fetched(), list.stream().mapToDouble(Start::fetchedMb).sum());
                PHASES.forEach(phase -> e.figure(phase(kind, phase), Figures.median(list.stream().map(s -> s.phases().get(phase)).toList())));
            });
            e.series(STARTS, starts.series());
            context.progress("done", 1);
            return e.build();
        } catch (IOException ex) {
            throw new ExperimentFailure("the model could not be served on 127.0.0.1: " + ex.getMessage(), ex);
        } catch (RuntimeFailure ex) {
            throw new ExperimentFailure(ex.getMessage(), ex);
        } finally {
            if (supply != null) supply.close();
            runtime.stop(LabService.ML); // its replicas point at this run's cache and repository: the next start uses the configuration
            for (int rep = 0; rep < p.repetitions(); rep++) runtime.discardReplicaPath(scratch + "-" + rep);
        }
    }

    private ModelSupply firstSupply(ExperimentContext context) throws IOException, RuntimeFailure {
        if (artifact != null) return ModelSupply.loopbackZoo(artifact);
        String configured = context.settings(LabService.ML).env().getOrDefault("MODEL_URI", "");
        if (configured.equalsIgnoreCase("offline")) {
            return ModelSupply.offline(context.runtime(), offlineExport, "this portal's ml-api is set to the offline model (MODEL_URI=offline)");
        }
        return ModelSupply.zoo();
    }

    /** What one start is told: the supply's model, this repetition's cache, and for a baked start the directory the cache start used. */
    private static Map<String, String> environment(ModelSupply supply, Kind kind, String cache, String modelDir, ServiceRuntime runtime) {
        Map<String, String> vars = new LinkedHashMap<>(supply.download());
        vars.put("MODEL_CACHE_DIR", cache);
        // DJL's own settings, which win over MODEL_CACHE_DIR where the environment has them: the model files in
        // this run's cache, the engine's native libraries in one place shared by every run
        vars.put("DJL_CACHE_DIR", cache + "/djl");
        vars.put("ENGINE_CACHE_DIR", runtime.replicaPath("engine-cache"));
        if (kind == Kind.BAKED && modelDir != null) {
            vars.put("MODEL_URI", modelDir);
            vars.remove("DJL_REPO_URL");
        }
        return vars;
    }

    /** One timed start, with what ml-api says about it. */
    private static Start start(ExperimentContext context, Kind kind, Map<String, String> env) throws ExperimentFailure {
        context.runtime().stop(LabService.ML);
        long t0 = System.nanoTime();
        int port = context.withMl(context.settings(LabService.ML).withEnv(env)).readyPort(LabService.ML);
        double ready = (System.nanoTime() - t0) / 1e9;
        ServiceInfo info = ServiceClient.info(port).orElseThrow(() -> new ExperimentFailure("ml-api's /info could not be read"));
        return new Start(ready, info);
    }

    private record Start(double readyS, ServiceInfo info) {
        Map<String, Double> phases() {
            return info.phaseSeconds();
        }

        double fetchedMb() {
            return info.modelDownloadBytes() == null ? 0 : info.modelDownloadBytes() / 1e6;
        }
    }
}
