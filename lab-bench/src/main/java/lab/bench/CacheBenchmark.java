package lab.bench;

import lab.process.Probe;
import lab.process.ServiceProcess;
import lab.process.DockerCli;
import lab.process.model.LoopbackModelRepository;
import lab.process.model.DjlCache;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cache}: what model caching does to ml-api's cold start, with its default MODEL_URI. Starts ml-api
 * fresh against a model repository: with an empty cache (the download), again with that cache, with the
 * repository down and the cache two days old, and with the model as a local directory (baked into an
 * image); the offline model's ready time is the yardstick (target: a warm cache no slower than 1.3×).
 * Without {@code --repo} the repository is served on 127.0.0.1 from {@code --artifact DIR} (DJL's artifact
 * layout), and the output says so. With {@code --image} two containers share the model-cache volume and
 * the second must download nothing. Prints figures; asserts nothing.
 */
final class CacheBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private CacheBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        Path jar = Path.of(o.getOrDefault("jar", "ml-api/target/ml-api.jar")).toAbsolutePath();
        if (!Files.exists(jar)) throw new IllegalArgumentException("no jar at " + jar + "; build it with: ./mvnw -q package -DskipTests");
        int starts = Integer.parseInt(o.getOrDefault("starts", "3"));
        Path artifact = o.containsKey("artifact") ? Path.of(o.get("artifact")).toAbsolutePath() : null;
        if (!o.containsKey("repo") && artifact == null) {
            throw new IllegalArgumentException("--repo URL (a reachable model repository) or --artifact DIR (served on loopback) is needed");
        }
        Path engineCache = Path.of(System.getProperty("user.home"), ".cache", "inference-lab", "djl");
        try (LoopbackModelRepository loopback = o.containsKey("repo") ? null : LoopbackModelRepository.serve(artifact, true)) {
            String repo = loopback == null ? o.get("repo") : loopback.url();
            System.out.println("model caching, ml-api's default MODEL_URI, " + Runtime.getRuntime().availableProcessors() + " cores; repository "
                    + (loopback == null ? repo : repo + " -- a LOOPBACK stand-in serving " + artifact + " ("
                    + String.format("%.1f MB", loopback.artifactBytes() / 1e6) + "), not the zoo's host: no network here"));
            System.out.println("(the engine's native libraries come from " + engineCache + " in every start: only the model's files differ)");

            Path offlineCache = Files.createTempDirectory("cache-bench-offline");
            start(jar, Map.of("MODEL_URI", "offline"), offlineCache, engineCache, repo); // unpacks the offline model once
            double offline = median(starts, () -> start(jar, Map.of("MODEL_URI", "offline"), offlineCache, engineCache, repo));
            System.out.printf("offline model, cached:               ready after %.3f s (median of %d)%n", offline, starts);

            Path cache = Files.createTempDirectory("cache-bench-model");
            Start download = start(jar, Map.of(), cache, engineCache, repo);
            System.out.printf("default model, empty cache:          ready after %.3f s (%s; model_resolve %.3f s)%n",
                    download.readyS, download.files, download.phase("model_resolve"));
            double warm = median(starts, () -> start(jar, Map.of(), cache, engineCache, repo));
            System.out.printf("default model, warm cache:           ready after %.3f s (median of %d): %.2f× the offline model's (target ≤ 1.3×)%n",
                    warm, starts, warm / offline);
            DjlCache.age(cache, 2);
            Start stale = start(jar, Map.of(), cache, engineCache, "http://127.0.0.1:9/");
            System.out.printf("repository down, cache 2 days old:   ready after %.3f s (%s, fallback %s)%n", stale.readyS, stale.files, stale.fallback);
            if (artifact != null) {
                double baked = median(starts, () -> start(jar, Map.of("MODEL_URI", artifact.toString()), Files.createTempDirectory("cache-bench-baked"),
                        engineCache, repo));
                System.out.printf("model baked in (local directory):    ready after %.3f s (median of %d)%n", baked, starts);
            }
            if (o.containsKey("image")) containers(o.get("image"), repo, loopback);
        }
    }

    /** Two containers one after the other on one model-cache volume: the second downloads nothing. */
    private static void containers(String image, String repo, LoopbackModelRepository loopback) throws Exception {
        String volume = "inference-lab-cache-bench";
        DockerCli.run("volume", "rm", "-f", volume);
        try {
            for (int n = 1; n <= 2; n++) {
                int before = loopback == null ? -1 : loopback.requests().size();
                int port = ServiceProcess.freePort();
                String id = DockerCli.run("run", "-d", "--network", "host", "-e", "PORT=" + port, "-e", "BIND=127.0.0.1",
                        "-e", "DJL_REPO_URL=" + repo, "-v", volume + ":/models", image).trimmed();
                try {
                    long t0 = System.nanoTime();
                    while (Probe.status(port, "/ready") != 200) {
                        if ((System.nanoTime() - t0) / 1e9 > 300) throw new IOException("container " + n + " not ready in 300 s");
                        Thread.sleep(50);
                    }
                    JsonObject info = info(port);
                    long zips = loopback == null ? -1 : loopback.requests().subList(before, loopback.requests().size()).stream()
                            .filter(p -> p.endsWith(".zip")).count();
                    System.out.printf("container %d on volume %s: ready %.1f s after docker run, model %s%s%n", n, volume,
                            (System.nanoTime() - t0) / 1e9, info.getString("model_files", "?"),
                            zips < 0 ? "" : ", artifact downloads: " + zips);
                } finally {
                    DockerCli.run("rm", "-f", "-v", id);
                }
            }
        } finally {
            DockerCli.run("volume", "rm", "-f", volume);
        }
    }

    private record Start(double readyS, String files, boolean fallback, JsonObject info) {
        double phase(String name) {
            return info.get("startup").asObject().get("phases").asArray().values().stream().map(v -> v.asObject())
                    .filter(p -> p.getString("phase", "").equals(name)).mapToDouble(p -> p.getDouble("duration_s", Double.NaN))
                    .findFirst().orElse(Double.NaN);
        }
    }

    @FunctionalInterface
    private interface Measured {
        Start run() throws Exception;
    }

    private static double median(int n, Measured start) throws Exception {
        List<Double> ready = new ArrayList<>();
        for (int i = 0; i < n; i++) ready.add(start.run().readyS);
        return Bench.median(ready);
    }

    private static Start start(Path jar, Map<String, String> extra, Path cache, Path engineCache, String repo) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("MODEL_CACHE_DIR", cache.toString());
        env.put("ENGINE_CACHE_DIR", engineCache.toString());
        env.put("DJL_REPO_URL", repo);
        try (ServiceProcess p = ServiceProcess.start(jar, env)) {
            double ready = p.secondsUntil200("/ready", 600);
            JsonObject info = info(p.port());
            return new Start(ready, info.getString("model_files", "?"), info.getBoolean("fallback", false), info);
        }
    }

    private static JsonObject info(int port) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body()).asObject();
    }
}
