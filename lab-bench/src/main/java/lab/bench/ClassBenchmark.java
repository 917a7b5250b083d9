package lab.bench;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code class}: a class portal with a workshop's worth of learners. Starts the built portal as a class
 * portal (empty data folder), sends {@code --learners} generated reports all at once, checks that every
 * one was stored, then times what the instructor opens: {@code /api/class} and {@code /class} on the
 * server, and the class page drawn in Debian's Chromium (navigation start → every learner on the page, as
 * the page itself measures it). Run from the repository root. Prints figures; asserts nothing.
 */
final class ClassBenchmark {
    private static final String CODE = "bench-class";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClassBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        int learners = Integer.parseInt(o.getOrDefault("learners", "200"));
        int port = Integer.parseInt(o.getOrDefault("port", "18190"));
        int classPort = port + 1;
        Path jar = Path.of(o.getOrDefault("jar", "lab-portal/target/lab-portal.jar"));
        if (!Files.exists(jar)) throw new IllegalArgumentException("no " + jar + ": run from the repository root after a build");
        Path data = Files.createTempDirectory("class-bench");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process portal = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=" + port, "--lab.data-dir=" + data, "--lab.runtime=local",
                "--lab.class.name=Benchmark", "--lab.class.code=" + CODE, "--lab.class.port=" + classPort)
                .redirectErrorStream(true).redirectOutput(data.resolve("log").toFile()).start();
        try {
            URI view = URI.create("http://127.0.0.1:" + port + "/api/class");
            waitFor(view, portal, data);
            System.out.printf("class benchmark: %d learners, %d cores%n", learners, Runtime.getRuntime().availableProcessors());

            URI reports = URI.create("http://127.0.0.1:" + classPort + "/api/class/reports");
            List<Callable<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < learners; i++) {
                String body = report(new Random(i)).toString();
                String name = "learner-" + i;
                sends.add(() -> HTTP.send(HttpRequest.newBuilder(URI.create(reports + "?name=" + name)).header("X-Class-Code", CODE)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            long t0 = System.nanoTime();
            int ok = 0;
            try (ExecutorService all = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<Integer> f : all.invokeAll(sends)) if (f.get() == 200) ok++;
            }
            double sendSeconds = (System.nanoTime() - t0) / 1e9;
            int stored = Json.parse(get(view).body()).asObject().get("learners").asArray().size();
            System.out.printf(Locale.ROOT, "sent %d reports at once: %d answered 200 in %.2f s; the class holds %d learners (%s)%n",
                    learners, ok, sendSeconds, stored, stored == learners ? "all stored" : "NOT all stored");

            int bytes = get(view).body().length();
            System.out.printf(Locale.ROOT, "GET /api/class (%d KB): %s%n", bytes / 1024, timings(view));
            System.out.printf(Locale.ROOT, "GET /class (the page, drawn by the browser from /api/class): %s%n",
                    timings(URI.create("http://127.0.0.1:" + port + "/class")));
            System.out.println("the class page in Chromium, navigation start -> every learner drawn: " + drawn(port, learners));
        } finally {
            portal.destroy();
            if (!portal.waitFor(30, TimeUnit.SECONDS)) portal.destroyForcibly();
        }
    }

    /** A learner's report as a learner portal's /report.json holds it: Experiments 1 and 4, figures spread as a class's would be. */
    static JsonObject report(Random r) {
        double mlReady = 1.5 + r.nextDouble() * 3 + (r.nextInt(20) == 0 ? 20 : 0);
        JsonObject startup = new JsonObject().add("ml.ready_s.median", mlReady).add("ml.ready_s.min", mlReady * 0.95)
                .add("traditional.ready_s.median", 0.3 + r.nextDouble() * 0.2).add("traditional.ready_s.max", 0.5)
                .add("ml.live_to_ready_gap_s.min", mlReady - 0.4).add("traditional.live_to_ready_gap_s.max", 0.0);
        JsonObject load = new JsonObject().add("ml.p50_ms", 20 + r.nextDouble() * 30).add("traditional.p50_ms", 0.5 + r.nextDouble())
                .add("ml.p99_ms", 80 + r.nextDouble() * 200).add("traditional.p99_ms", 2 + r.nextDouble() * 3)
                .add("ml.saturation_rps", 40 + r.nextInt(200)).add("ml.saturated", 1).add("ml.max_sustained_rps", 20 + r.nextInt(100));
        JsonArray runs = new JsonArray()
                .add(new JsonObject().add("experiment", "startup").add("finished_at", Instant.now().toString()).add("figures", startup).add("checks", new JsonArray()))
                .add(new JsonObject().add("experiment", "load").add("finished_at", Instant.now().toString()).add("figures", load).add("checks", new JsonArray()));
        JsonArray steps = new JsonArray();
        for (int s = 1; s <= 14; s++) {
            steps.add(new JsonObject().add("step", "step-" + s).add("title", "Step " + s).add("claim", "").add("done", s <= 3 + r.nextInt(8))
                    .add("skipped", false).add("detail", "").add("href", "#step-" + s));
        }
        int cores = new int[]{2, 4, 8, 10}[r.nextInt(4)];
        return new JsonObject().add("format", "inference-ops-lab-report/1")
                .add("environment", new JsonObject().add("runtime", r.nextBoolean() ? "local processes" : "Docker").add("model", "feedback-minilm-l6 (offline) 1.2")
                        .add("cores", cores).add("memory_bytes", (long) (4 + r.nextInt(28)) << 30).add("java", "25").add("recorded_at", Instant.now().toString()))
                .add("runs", runs).add("answers", new JsonObject().add("probes", "Readiness gates traffic; liveness restarts.")).add("steps", steps)
                .add("checklist", new JsonArray());
    }

    /** The first answer (cold), then the median and slowest of ten. */
    private static String timings(URI uri) throws Exception {
        long t = System.nanoTime();
        get(uri);
        double cold = (System.nanoTime() - t) / 1e6;
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            t = System.nanoTime();
            get(uri);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        return String.format(Locale.ROOT, "first %.0f ms, then median %.0f ms, slowest %.0f ms (10)", cold, Bench.median(ms),
                ms.stream().max(Double::compare).orElseThrow());
    }

    /**
     * The class page opened in Chromium (headless, driven over its DevTools protocol with the JDK's
     * WebSocket): the page writes on its body when it first drew every learner (performance.now(), from
     * navigation start) and how long its drawing took; both are read back once they are there.
     */
    private static String drawn(int port, int learners) throws Exception {
        Path chromium = Path.of(System.getProperty("lab.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) return "not measured (no " + chromium + ": apt-get install chromium)";
        Path profile = Files.createTempDirectory("class-bench-chromium");
        Path log = profile.resolve("stderr");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
        try {
            int devtools = devtoolsPort(log, p);
            HttpResponse<String> target = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devtools + "/json/new?http://127.0.0.1:"
                    + port + "/class")).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String socket = Json.parse(target.body()).asObject().getString("webSocketDebuggerUrl", null);
            DevTools page = new DevTools();
            java.net.http.WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(socket), page).get(10, TimeUnit.SECONDS);
            String first = awaitDrawn(page, ws);
            page.evaluate(ws, "location.reload(), 'reloading'");
            Thread.sleep(200);
            String again = awaitDrawn(page, ws);
            return "first open (a browser just started) " + first + "; reloaded " + again;
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static String awaitDrawn(DevTools page, java.net.http.WebSocket ws) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonObject body = Json.parse(page.evaluate(ws, "JSON.stringify(document.body ? document.body.dataset : {})")).asObject();
            if (body.get("firstDrawMs") != null) {
                return String.format(Locale.ROOT, "%s ms for %s learners (asked for the class at %s ms, read it at %s ms, drew it in %s ms)",
                        body.getString("firstDrawMs", "?"), body.getString("learners", "?"), body.getString("askedMs", "?"), body.getString("readMs", "?"),
                        body.getString("drawMs", "?"));
            }
            Thread.sleep(50);
        }
        return "not measured (the page did not draw the class within 30 s)";
    }

    private static int devtoolsPort(Path log, Process chromium) throws Exception {
        Pattern listening = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && chromium.isAlive()) {
            Matcher m = listening.matcher(Files.readString(log));
            if (m.find()) return Integer.parseInt(m.group(1));
            Thread.sleep(50);
        }
        throw new IllegalStateException("Chromium did not open its DevTools port:\n" + Files.readString(log));
    }

    /** The least of the DevTools protocol: Runtime.evaluate, one call at a time, its answer's string value. */
    private static final class DevTools implements java.net.http.WebSocket.Listener {
        private final StringBuilder frame = new StringBuilder();
        private volatile java.util.concurrent.CompletableFuture<String> answer;
        private int id;

        String evaluate(java.net.http.WebSocket ws, String expression) throws Exception {
            answer = new java.util.concurrent.CompletableFuture<>();
            JsonObject call = new JsonObject().add("id", ++id).add("method", "Runtime.evaluate")
                    .add("params", new JsonObject().add("expression", expression).add("returnByValue", true));
            ws.sendText(call.toString(), true).get(10, TimeUnit.SECONDS);
            return answer.get(10, TimeUnit.SECONDS);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                JsonObject message = Json.parse(frame.toString()).asObject();
                frame.setLength(0);
                if (message.get("id") != null && message.getInt("id", -1) == id) {
                    answer.complete(message.get("result").asObject().get("result").asObject().getString("value", "{}"));
                }
            }
            ws.request(1);
            return null;
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        return r;
    }

    private static void waitFor(URI uri, Process portal, Path data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!portal.isAlive()) throw new IllegalStateException("the class portal exited; see " + data.resolve("log"));
            try {
                if (HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the class portal did not answer in 120 s; see " + data.resolve("log"));
            Thread.sleep(100);
        }
    }
}
