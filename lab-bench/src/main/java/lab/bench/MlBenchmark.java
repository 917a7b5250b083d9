package lab.bench;

import lab.process.ServiceProcess;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ml}: starts ml-api fresh with a model and prints process start -> live -> ready with each
 * phase, resident memory after ready and after load, single-request latency for a 20-word text, and
 * throughput at concurrency 1, 4 and 16 with dynamic batching on and off; accuracy on labelled TSVs.
 * Prints figures; asserts nothing.
 */
final class MlBenchmark {
    static final String TWENTY_WORDS = "{\"text\":\"The parcel arrived two days late and the box was damaged, "
            + "but the support team replaced everything without any fuss\"}";

    private MlBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        Path jar = Path.of(o.getOrDefault("jar", "ml-api/target/ml-api.jar")).toAbsolutePath();
        if (!Files.exists(jar)) throw new IllegalArgumentException("no jar at " + jar + "; build it with: ./mvnw -q package -DskipTests");
        String model = o.getOrDefault("model", "offline");
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "8"));
        System.out.println("ml-api benchmark: MODEL_URI=" + model + ", " + Runtime.getRuntime().availableProcessors() + " cores");

        String threads = o.getOrDefault("threads", Integer.toString(Math.min(4, Runtime.getRuntime().availableProcessors())));
        System.out.println("INFERENCE_THREADS=" + threads);
        try (ServiceProcess p = start(jar, model, "16", threads)) {
            double live = p.secondsUntil200("/health", 300);
            double ready = p.secondsUntil200("/ready", 300);
            JsonObject info = info(p.port());
            System.out.printf("start-up: process start -> live %.3f s -> ready %.3f s; model %s (%s)%n", live, ready,
                    info.getString("model", "?"), info.getBoolean("fallback", false) ? "FALLBACK" : info.getString("model_source", "?"));
            info.get("startup").asObject().get("phases").asArray().forEach(ph -> System.out.printf("  phase %-22s %7.3f s%n",
                    ph.asObject().getString("phase", ""), ph.asObject().getDouble("duration_s", 0)));
            System.out.printf("memory: RSS after ready %.1f MB%n", p.residentBytes() / 1e6);
            ClosedLoop.run(uri(p), TWENTY_WORDS, 1, Duration.ofSeconds(2)); // warm-up
            ClosedLoop.Result single = ClosedLoop.run(uri(p), TWENTY_WORDS, 1, Duration.ofSeconds(seconds));
            System.out.printf("latency, one request at a time, 20 words: p50 %.1f ms, p99 %.1f ms (%d requests)%n",
                    single.p(50), single.p(99), single.ok());
            throughput(p, "batching on (BATCH_SIZE=16)", seconds);
            System.out.printf("memory: RSS after load %.1f MB%n", p.residentBytes() / 1e6);
            if (o.containsKey("tsv")) {
                for (String tsv : o.get("tsv").split(",")) {
                    Accuracy.Score s = Accuracy.measure(p.port(), Path.of(tsv));
                    System.out.printf("accuracy on %s: %.1f %% (%d/%d)%n", tsv, s.percent(), s.correct(), s.total());
                }
            }
        }
        try (ServiceProcess p = start(jar, model, "1", threads)) {
            p.secondsUntil200("/ready", 300);
            ClosedLoop.run(uri(p), TWENTY_WORDS, 4, Duration.ofSeconds(2));
            throughput(p, "batching off (BATCH_SIZE=1)", seconds);
        }
    }

    private static ServiceProcess start(Path jar, String model, String batch, String threads) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("INFERENCE_THREADS", threads);
        env.put("MODEL_URI", model);
        env.put("BATCH_SIZE", batch);
        return ServiceProcess.start(jar, env);
    }

    private static void throughput(ServiceProcess p, String label, int seconds) throws Exception {
        for (int c : new int[]{1, 4, 16}) {
            ClosedLoop.Result r = ClosedLoop.run(uri(p), TWENTY_WORDS, c, Duration.ofSeconds(seconds));
            System.out.printf("throughput, %s, concurrency %2d: %6.1f req/s (p50 %.1f ms, p99 %.1f ms, %d failed)%n",
                    label, c, r.requestsPerSecond(), r.p(50), r.p(99), r.failed());
        }
    }

    private static URI uri(ServiceProcess p) {
        return URI.create("http://127.0.0.1:" + p.port() + "/analyze");
    }

    private static JsonObject info(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/info")).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body()).asObject();
    }
}
