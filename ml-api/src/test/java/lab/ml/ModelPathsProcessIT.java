package lab.ml;

import lab.ml.model.offline.OfflineModel;
import lab.process.ServiceCommand;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import lab.process.model.DjlCache;
import lab.process.model.LoopbackModelRepository;
import lab.process.metrics.PrometheusText;
import lab.process.ServiceProcess;
import lab.ml.model.torch.TorchScriptFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way ml-api can start, as a real process, ends with a valid /metrics (parsed strictly: a
 * Prometheus server refuses a scrape with a duplicate series), /info and /ready. The model zoo cannot
 * be reached from here, so its online path runs against a repository on 127.0.0.1 in DJL's layout
 * ({@link LoopbackModelRepository}) with ml-api's default MODEL_URI: exactly what a newcomer runs, with
 * only DJL_REPO_URL pointing elsewhere.
 */
class ModelPathsProcessIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SHARED_CACHE = Path.of(System.getProperty("user.home"), ".cache", "inference-lab");

    /** A fresh model cache, but the engine's unpacked native libraries shared with the other tests (≈430 MB). */
    private static Map<String, String> env(Path cache, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("MODEL_CACHE_DIR", cache.toString());
        env.put("ENGINE_CACHE_DIR", SHARED_CACHE.resolve("djl").toString());
        return env;
    }

    /** DJL's repository layout on 127.0.0.1 with the TorchScript fixture packed as DJL's converter packs it. */
    private static LoopbackModelRepository repository(boolean honestSha1) throws Exception {
        return LoopbackModelRepository.serve(TorchScriptFixture.djlArtifact(LoopbackModelRepository.ARTIFACT), honestSha1);
    }

    private static ServiceProcess start(Path cache, Map<String, String> extra) throws IOException {
        return ServiceProcess.start(Path.of(System.getProperty("lab.jar")), env(cache, extra));
    }

    /** Waits until start-up has ended (ready, or failed for good) and returns /info. */
    private static JsonObject settled(ServiceProcess s) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            assertTrue(s.isAlive(), () -> s.exitedEarly("before it was ready"));
            if (s.status("/health") == 200) {
                JsonObject ready = get(s, "/ready");
                if (ready.getBoolean("ready", false) || "failed".equals(ready.getString("phase", ""))) return get(s, "/info");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("start-up did not end within 120 s: " + s.log());
    }

    private static JsonObject get(ServiceProcess s, String path) throws Exception {
        return Json.parse(body(s, path)).asObject();
    }

    private static String body(ServiceProcess s, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || path.equals("/ready") && r.statusCode() == 503, path + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    /**
     * /metrics parses strictly and agrees with /info and /ready; start-up phases are unique and in /info's order.
     * Returns the scrape.
     */
    private static PrometheusText assertValidOps(ServiceProcess s, JsonObject info) throws Exception {
        PrometheusText metrics = PrometheusText.parse(body(s, "/metrics"));
        boolean ready = info.getBoolean("ready", false);
        assertEquals(ready ? 200 : 503, s.status("/ready"));
        assertEquals(ready ? 1 : 0, metrics.value("service_ready"));
        List<String> phases = info.get("startup").asObject().get("phases").asArray().values().stream()
                .map(p -> p.asObject().getString("phase", "")).toList();
        assertEquals(phases.size(), new HashSet<>(phases).size(), "phase names are unique: " + phases);
        for (String phase : phases) {
            assertFalse(Double.isNaN(metrics.value("service_startup_phase_seconds", "phase", phase)), phase + " in /metrics");
        }
        if (ready) {
            assertEquals(info.getBoolean("fallback", false) ? 1 : 0, metrics.value("model_fallback"));
            assertEquals(info.getBoolean("model_from_cache", false) ? 1 : 0, metrics.value("model_from_cache"));
        }
        return metrics;
    }

    private static String analyzeModel(ServiceProcess s) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/analyze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"fine\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body()).asObject().getString("model", "");
    }

    private static List<Path> cachedModelFiles(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache.resolve("djl"))) {
            return files.filter(p -> p.getFileName().toString().equals(LoopbackModelRepository.ARTIFACT + ".pt")).toList();
        }
    }

    @Test
    void theDefaultModelIsDownloadedCheckedCachedAndLaterServedFromTheCacheEvenWhenOld() throws Exception {
        Path cache = Files.createTempDirectory("model-cache");
        try (LoopbackModelRepository repository = repository(true)) {
            try (ServiceProcess s = start(cache, Map.of("DJL_REPO_URL", repository.url()))) {
                JsonObject info = settled(s);
                assertValidOps(s, info);
                assertTrue(info.getBoolean("ready", false), info.toString());
                assertEquals(MlConfig.DEFAULT_MODEL, info.getString("requested_model", ""), "the default MODEL_URI");
                assertFalse(info.getBoolean("fallback", true), info.toString());
                assertEquals("downloaded", info.getString("model_files", ""));
                assertTrue(repository.artifactDownloaded(), "the zip was fetched: " + repository.requests());
                assertEquals(1, cachedModelFiles(cache).size(), "unpacked into MODEL_CACHE_DIR");
                assertEquals("distilbert-architecture-tiny-random-weights", analyzeModel(s), "the zoo model serves, not the fallback");
                assertTrue(s.log().contains("downloading djl://"), "download progress is logged: " + s.log());
            }
        }
        // The repository is gone now: the cache is enough.
        try (ServiceProcess s = start(cache, Map.of("DJL_REPO_URL", "http://127.0.0.1:9/"))) {
            JsonObject info = settled(s);
            assertValidOps(s, info);
            assertFalse(info.getBoolean("fallback", true), info.toString());
            assertEquals("cached", info.getString("model_files", ""));
        }
        DjlCache.age(cache, 2);
        try (ServiceProcess s = start(cache, Map.of("DJL_REPO_URL", "http://127.0.0.1:9/"))) {
            JsonObject info = settled(s);
            PrometheusText metrics = assertValidOps(s, info);
            assertFalse(info.getBoolean("fallback", true), "a two-day-old cache still serves offline: " + info);
            assertEquals("cached_repository_unreachable", info.getString("model_files", ""));
            assertEquals(1, metrics.value("model_from_cache"));
            assertTrue(s.log().contains("could not be reached") && s.log().contains("cached copy"), s.log());
            assertTrue(s.log().contains("2.0 days"), "the log says how old the copy is: " + s.log());
        }
    }

    @Test
    void fetchFillsTheCacheAndExitsSoThatAStartWithoutNetworkNeedsNothingElse() throws Exception {
        Path cache = Files.createTempDirectory("model-cache");
        assertEquals(1, fetch(cache, "http://127.0.0.1:9/"), "nothing to fetch from and nothing cached: exit 1");
        try (LoopbackModelRepository repository = repository(true)) {
            assertEquals(0, fetch(cache, repository.url()));
            assertTrue(repository.artifactDownloaded());
        }
        assertEquals(1, cachedModelFiles(cache).size());
        try (ServiceProcess s = start(cache, Map.of("DJL_REPO_URL", "http://127.0.0.1:9/"))) {
            JsonObject info = settled(s);
            assertFalse(info.getBoolean("fallback", true), info.toString());
            assertTrue(info.getBoolean("model_from_cache", false), info.toString());
        }
    }

    /** {@code java -jar ml-api.jar fetch} with the default MODEL_URI; returns its exit code. */
    private static int fetch(Path cache, String repository) throws Exception {
        ProcessBuilder pb = ServiceCommand.processBuilder(Path.of(System.getProperty("lab.jar"))).redirectErrorStream(true);
        pb.command().add("fetch");
        pb.environment().putAll(env(cache, Map.of("DJL_REPO_URL", repository)));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
        assertTrue(out.contains("ml-api fetch: "), "it says what it did: " + out);
        return p.exitValue();
    }

    @Test
    void aDownloadWithTheWrongSha1IsNotCachedAndFallsBackSayingWhy() throws Exception {
        Path cache = Files.createTempDirectory("model-cache");
        try (LoopbackModelRepository repository = repository(false);
             ServiceProcess s = start(cache, Map.of("DJL_REPO_URL", repository.url()))) {
            JsonObject info = settled(s);
            assertValidOps(s, info);
            assertTrue(repository.artifactDownloaded(), repository.requests().toString());
            assertTrue(info.getBoolean("fallback", false), info.toString());
            assertTrue(info.getString("fallback_reason", "").contains("sha1"), info.toString());
            assertTrue(cachedModelFiles(cache).isEmpty(), "nothing unverified is kept in the cache");
            assertEquals(OfflineModel.FALLBACK_NAME, analyzeModel(s));
        }
    }

    @Test
    void theDefaultModelWithTheRepositoryUnreachableFallsBackWithValidMetrics() throws Exception {
        Path cache = Files.createTempDirectory("model-cache");
        try (ServiceProcess s = start(cache, Map.of("DJL_REPO_URL", "http://127.0.0.1:9/"))) {
            JsonObject info = settled(s);
            PrometheusText metrics = assertValidOps(s, info);
            assertTrue(info.getBoolean("fallback", false), info.toString());
            assertEquals(MlConfig.DEFAULT_MODEL, info.getString("requested_model", ""));
            assertFalse(Double.isNaN(metrics.value("service_startup_phase_seconds", "phase", "fallback_model_load")), "the fallback's phases are its own");
            assertTrue(info.getString("fallback_reason", "").contains("127.0.0.1:9") || info.getString("fallback_reason", "").contains("refused"),
                    info.toString());
        }
    }

    @Test
    void aDirectoryInDjlsArtifactLayoutLoadsWithoutNetwork() throws Exception {
        Path dir = TorchScriptFixture.djlArtifact(LoopbackModelRepository.ARTIFACT);
        try (ServiceProcess s = start(Files.createTempDirectory("model-cache"), Map.of("MODEL_URI", dir.toString()))) {
            JsonObject info = settled(s);
            assertValidOps(s, info);
            assertEquals("local_directory", info.getString("model_files", ""));
            assertEquals("distilbert-architecture-tiny-random-weights", analyzeModel(s));
        }
    }

    @Test
    void theOfflineModelAndAModelThatNeverLoadsBothAnswerValidOpsEndpoints() throws Exception {
        Path cache = Files.createTempDirectory("model-cache");
        try (ServiceProcess s = start(cache, Map.of("MODEL_URI", "offline"))) {
            JsonObject info = settled(s);
            assertValidOps(s, info);
            assertEquals("bundled", info.getString("model_files", ""), "read where the build unpacked it, beside the jar");
            assertFalse(Files.exists(cache.resolve("offline")), "nothing copied into the model cache");
        }
        try (ServiceProcess s = start(cache, Map.of("MODEL_URI", Files.createTempDirectory("no-model").toString()))) {
            JsonObject info = settled(s);
            PrometheusText metrics = assertValidOps(s, info);
            assertFalse(info.getBoolean("ready", true));
            assertEquals(0, metrics.value("service_ready"));
            assertTrue(get(s, "/ready").getString("reason", "").contains("config.json"));
        }
    }
}
