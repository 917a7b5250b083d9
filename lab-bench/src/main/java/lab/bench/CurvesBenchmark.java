package lab.bench;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import lab.process.ServiceProcess;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code curves}: how cost grows with work. Throughput and p99 against concurrency (1, 2, 4, … 64) for
 * traditional-api and for ml-api with dynamic batching on and off, and ml-api's against text length
 * (16 to 512 tokens). Each service is started fresh; each point is a closed loop of {@code --seconds}.
 * Writes {@code curves.csv} and {@code curves.html} (self-contained: the project's ECharts inlined) to
 * {@code --out}. Prints figures; asserts nothing.
 */
final class CurvesBenchmark {
    private static final int[] CONCURRENCY = {1, 2, 4, 8, 16, 32, 64};
    private static final int[] TOKENS = {16, 32, 64, 128, 256, 512};
    private static final int LENGTH_CONCURRENCY = 8;
    /** Words WordPiece keeps whole: a text of n of them is n tokens, plus the two special ones. */
    private static final String[] WORDS = {"the", "parcel", "arrived", "late", "but", "support", "was", "really", "helpful", "and", "kind"};
    private static final Path ECHARTS = Path.of("lab-portal/target/classes/static/vendor/echarts/echarts.min.js");

    /** One measured point of one series. */
    record Point(String series, String axis, int x, double requestsPerSecond, double p50Ms, double p99Ms, long ok, long failed) {
    }

    private CurvesBenchmark() {
    }

    static void run(Map<String, String> o) throws Exception {
        Path traditionalJar = Path.of(o.getOrDefault("traditional-jar", "traditional-api/target/traditional-api.jar"));
        Path mlJar = Path.of(o.getOrDefault("ml-jar", "ml-api/target/ml-api.jar"));
        Path out = Path.of(o.getOrDefault("out", "lab-bench/curves"));
        Duration seconds = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "4")));
        String model = o.getOrDefault("model", "offline");
        for (Path p : List.of(traditionalJar, mlJar, ECHARTS)) {
            if (!Files.exists(p)) throw new IllegalArgumentException("no " + p + ": build first (./mvnw -B -ntp -q package -DskipTests) and run from the repository root");
        }
        System.out.printf("curves: %d cores, %s s per point, ml-api MODEL_URI=%s%n", Runtime.getRuntime().availableProcessors(), seconds.toSeconds(), model);
        List<Point> points = new ArrayList<>();
        String body = json(text(20));
        try (ServiceProcess p = ServiceProcess.start(traditionalJar, Map.of())) {
            p.secondsUntil200("/ready", 60);
            ClosedLoop.run(uri(p), body, 4, Duration.ofSeconds(2));
            for (int c : CONCURRENCY) points.add(print(point("traditional-api", "concurrency", c, ClosedLoop.run(uri(p), body, c, seconds))));
        }
        String modelName;
        try (ServiceProcess p = ml(mlJar, model, "16")) {
            modelName = info(p);
            for (int c : CONCURRENCY) points.add(print(point("ml-api, batching on (BATCH_SIZE=16)", "concurrency", c, ClosedLoop.run(uri(p), body, c, seconds))));
            for (int t : TOKENS) {
                points.add(print(point("ml-api, batching on, concurrency " + LENGTH_CONCURRENCY, "tokens", t,
                        ClosedLoop.run(uri(p), json(text(t - 2)), LENGTH_CONCURRENCY, seconds))));
            }
        }
        try (ServiceProcess p = ml(mlJar, model, "1")) {
            for (int c : CONCURRENCY) points.add(print(point("ml-api, batching off (BATCH_SIZE=1)", "concurrency", c, ClosedLoop.run(uri(p), body, c, seconds))));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("curves.csv"), csv(points), StandardCharsets.UTF_8);
        String title = String.format(Locale.ROOT, "How cost grows with work: %d cores, %s s per point, ml-api serving %s",
                Runtime.getRuntime().availableProcessors(), seconds.toSeconds(), modelName);
        Files.writeString(out.resolve("curves.html"), html(title, points), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.resolve("curves.csv") + " and " + out.resolve("curves.html"));
    }

    private static ServiceProcess ml(Path jar, String model, String batch) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MODEL_URI", model);
        env.put("BATCH_SIZE", batch);
        ServiceProcess p = ServiceProcess.start(jar, env);
        p.secondsUntil200("/ready", 300);
        ClosedLoop.run(uri(p), json(text(20)), 4, Duration.ofSeconds(2)); // warm-up
        return p;
    }

    private static String info(ServiceProcess p) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + p.port() + "/info")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return com.eclipsesource.json.Json.parse(r.body()).asObject().getString("model", "?");
    }

    static String text(int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) s.append(i == 0 ? "" : " ").append(WORDS[i % WORDS.length]);
        return s.toString();
    }

    private static String json(String text) {
        return new JsonObject().add("text", text).toString();
    }

    private static URI uri(ServiceProcess p) {
        return URI.create("http://127.0.0.1:" + p.port() + "/analyze");
    }

    private static Point point(String series, String axis, int x, ClosedLoop.Result r) {
        return new Point(series, axis, x, r.requestsPerSecond(), r.p(50), r.p(99), r.ok(), r.failed());
    }

    private static Point print(Point p) {
        System.out.printf(Locale.ROOT, "%-44s %-11s %4d: %9.1f req/s, p50 %8.2f ms, p99 %8.2f ms, %d failed%n",
                p.series(), p.axis(), p.x(), p.requestsPerSecond(), p.p50Ms(), p.p99Ms(), p.failed());
        return p;
    }

    static String csv(List<Point> points) {
        StringBuilder s = new StringBuilder("series,axis,x,requests_per_second,p50_ms,p99_ms,ok,failed\n");
        for (Point p : points) {
            s.append(String.format(Locale.ROOT, "\"%s\",%s,%d,%.1f,%.2f,%.2f,%d,%d%n", p.series(), p.axis(), p.x(),
                    p.requestsPerSecond(), p.p50Ms(), p.p99Ms(), p.ok(), p.failed()));
        }
        return s.toString();
    }

    static String html(String title, List<Point> points) throws java.io.IOException {
        JsonArray data = new JsonArray();
        for (Point p : points) {
            data.add(new JsonObject().add("series", p.series()).add("axis", p.axis()).add("x", p.x())
                    .add("rps", p.requestsPerSecond()).add("p99", p.p99Ms()).add("failed", p.failed()));
        }
        String template = new String(CurvesBenchmark.class.getResourceAsStream("/curves.html").readAllBytes(), StandardCharsets.UTF_8);
        // the data and the library go in as script text: "</" must not end the script element early
        return template.replace("{{title}}", title.replace("<", "&lt;"))
                .replace("/*{{echarts}}*/", Files.readString(ECHARTS).replace("</", "<\\/"))
                .replace("/*{{data}}*/[]", data.toString().replace("</", "<\\/"));
    }
}
