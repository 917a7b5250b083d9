package lab.portal.experiment;

import lab.portal.evidence.Evidence;
import lab.portal.evidence.Figures;
import lab.portal.evidence.Series;
import lab.portal.runtime.LabService;
import lab.portal.runtime.ServiceRuntime;
import lab.process.model.LoopbackModelRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
final class ModelOriginsExperiment implements Experiment {
    /** How each start gets its model, and what ml-api must report for it (its /info {@code model_files}). */
    private enum Kind {
        DOWNLOAD("download", "downloaded"), CACHE("cache", "cached"), BAKED("baked", "local_directory");

        final String key;
        final String origin;

        Kind(String key, String origin) {
            this.key = key;
            this.origin = origin;
        }
    }

    static final String MODEL = "djl://" + LoopbackModelRepository.GROUP + "/" + LoopbackModelRepository.ARTIFACT;
    /** Where DJL unpacks the artifact inside a model cache (ml-api keeps DJL's cache in {@code <cache>/djl}). */
    static final String UNPACKED = "djl/cache/repo/model/nlp/text_classification/" + LoopbackModelRepository.GROUP.replace('.', '/')
            + "/" + LoopbackModelRepository.ARTIFACT + "/0.0.1/" + LoopbackModelRepository.ARTIFACT;
    private static final List<String> PHASES = List.of("jvm_start", "engine_init", "model_resolve", "model_load", "warmup");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
    public Evidence run(ExperimentContext context) throws ExperimentFailure {
        int repetitions = context.parameters().integer("repetitions");
        ServiceRuntime runtime = context.runtime();
        String scratch = "model-origins-" + System.currentTimeMillis();
        Evidence.Builder e = Evidence.builder();
        try (LoopbackModelRepository repository = artifact == null ? null : serve(artifact)) {
            Map<String, String> env = new LinkedHashMap<>(Map.of("MODEL_URI", MODEL));
            if (repository != null) {
                env.put("DJL_REPO_URL", repository.url());
                e.note(String.format(Locale.ROOT, "Downloaded from a model repository the portal served on 127.0.0.1 (DJL's layout, %.1f MB) from %s: "
                        + "a stand-in for DJL's model zoo, which this portal was told not to use (lab.model-artifact).", repository.artifactBytes() / 1e6, artifact));
                e.figure("ml.download.megabytes", repository.artifactBytes() / 1e6);
            } else {
                e.note("Downloaded from DJL's model zoo, over the network.");
            }
            ExperimentContext.LiveSeries starts = context.series("ml.starts", "kind", "ready_s", "jvm_start_s", "engine_init_s", "model_resolve_s",
                    "model_load_s", "warmup_s");
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
                    PHASES.forEach(p -> row.add(s.phases.get(p)));
                    starts.add(row.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray());
                }
            }
            byKind.forEach((kind, list) -> {
                e.figure("ml." + kind.key + ".ready_s", Figures.median(list.stream().map(s -> s.readyS).toList()));
                PHASES.forEach(p -> e.figure("ml." + kind.key + "." + p + "_s", Figures.median(list.stream().map(s -> s.phases.get(p)).toList())));
            });
            e.figure("ml.cache.from_cache", byKind.get(Kind.CACHE).stream().allMatch(s -> s.origin.equals(Kind.CACHE.origin)) ? 1.0 : 0.0);
            Series rows = starts.series();
            e.series("ml.starts", rows);
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
        ServiceRuntime runtime = context.runtime();
        runtime.stop(LabService.ML);
        runtime.configure(LabService.ML, new ServiceRuntime.Overrides(env, runtime.overrides(LabService.ML).memoryLimitMb()));
        long t0 = System.nanoTime();
        int port = context.readyPort(LabService.ML);
        double ready = (System.nanoTime() - t0) / 1e9;
        JsonNode info = info(port);
        String origin = info.path("model_files").asString("");
        if (!origin.equals(kind.origin)) {
            String why = info.path("fallback_reason").asString(info.path("model_files_note").asString(""));
            if (info.path("fallback").asBoolean(false)) {
                throw new ExperimentFailure("the " + kind.key + " start could not get DistilBERT-SST-2 and ml-api fell back to its offline model: " + why
                        + (kind == Kind.DOWNLOAD ? ". Without network, give the portal the model's files (README, \"The model cache\") with "
                        + "--lab.model-artifact=<dir>: the experiment then serves them from a repository on 127.0.0.1" : ""));
            }
            throw new ExperimentFailure("the " + kind.key + " start got its model files as '" + origin + "', not '" + kind.origin + "'"
                    + (why.isBlank() ? "" : ": " + why));
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        for (JsonNode p : info.path("startup").path("phases")) phases.put(p.path("phase").asString(), p.path("duration_s").asDouble());
        return new Start(ready, origin, phases);
    }

    private static JsonNode info(int port) throws ExperimentFailure {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException | RuntimeException ex) {
            throw new ExperimentFailure("ml-api's /info could not be read: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ExperimentCancelled();
        }
    }

    private record Start(double readyS, String origin, Map<String, Double> phases) {
    }
}
