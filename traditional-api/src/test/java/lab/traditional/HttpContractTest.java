package lab.traditional;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics;
import lab.service.SentimentService;
import lab.service.ServiceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared HTTP contract, end to end over a real socket, including every bad-input case. */
class HttpContractTest {
    private static SentimentService service;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        service = TraditionalApi.start(ServiceConfig.from(Map.of("PORT", "0", "MAX_TEXT_CHARS", "5000"), 0));
        base = "http://127.0.0.1:" + service.port();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    record Answer(int status, JsonObject json, java.net.http.HttpHeaders headers) {
    }

    private static Answer post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) b.header("Content-Type", contentType);
        return answer(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer get(String path) throws Exception {
        return answer(HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> r) {
        JsonObject json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? Json.parse(r.body()).asObject() : null;
        return new Answer(r.statusCode(), json, r.headers());
    }

    private static void assertError(Answer a, int status, String error) {
        assertEquals(status, a.status(), () -> "body: " + a.json());
        assertEquals(error, a.json().getString("error", null), () -> "body: " + a.json());
        assertTrue(a.json().getString("message", "").length() > 10, "the message says what was wrong");
    }

    @Test
    void analyzeAnswersTheContract() throws Exception {
        Answer a = post("/analyze", "application/json", "{\"text\": \"The support team was wonderful and fast!\"}");
        assertEquals(200, a.status());
        JsonObject j = a.json();
        assertEquals("POSITIVE", j.getString("sentiment", null));
        double confidence = j.getDouble("confidence", -1);
        double score = j.getDouble("score", -2);
        assertTrue(confidence > 0.5 && confidence <= 1, "confidence " + confidence);
        assertTrue(score > 0 && score <= 1, "score " + score);
        assertEquals("rule-based", j.getString("method", null));
        assertTrue(j.getString("model", "").contains("afinn165"));
        assertTrue(j.getDouble("processing_time_ms", -1) >= 0);
        assertEquals("NEGATIVE", post("/analyze", "application/json; charset=utf-8",
                "{\"text\": \"The refund never arrived. Terrible.\"}").json().getString("sentiment", null));
    }

    @Test
    void batchAnswersEachTextInOrder() throws Exception {
        Answer a = post("/analyze/batch", "application/json", "{\"texts\": [\"great app\", \"awful app\", \"an app\"]}");
        assertEquals(200, a.status());
        var results = a.json().get("results").asArray();
        assertEquals(3, results.size());
        assertEquals("POSITIVE", results.get(0).asObject().getString("sentiment", null));
        assertEquals("NEGATIVE", results.get(1).asObject().getString("sentiment", null));
        assertEquals("NEUTRAL", results.get(2).asObject().getString("sentiment", null));
    }

    @Test
    void badInputGetsAClearJsonError() throws Exception {
        assertError(post("/analyze", "application/json", "{}"), 400, "missing_text");
        assertError(post("/analyze", "application/json", "{\"text\": \"\"}"), 400, "empty_text");
        assertError(post("/analyze", "application/json", "{\"text\": \"   \"}"), 400, "empty_text");
        assertError(post("/analyze", "application/json", "{\"text\": 42}"), 400, "invalid_text");
        assertError(post("/analyze", "application/json", "{\"text\": [\"a\"]}"), 400, "invalid_text");
        assertError(post("/analyze", "application/json", "{\"text\": \"unterminated"), 400, "malformed_json");
        assertError(post("/analyze", "application/json", "[1,2]"), 400, "not_an_object");
        assertError(post("/analyze", "application/json", ""), 400, "empty_body");
        assertError(post("/analyze", "text/plain", "{\"text\": \"hi\"}"), 415, "unsupported_media_type");
        assertError(post("/analyze", null, "{\"text\": \"hi\"}"), 415, "unsupported_media_type");
        assertError(post("/analyze", "application/json", "{\"text\": \"" + "a".repeat(5001) + "\"}"), 413, "text_too_long");
        assertError(post("/analyze", "application/json", "{\"text\": \"" + "a ".repeat(40_000) + "\"}"), 413, "body_too_large");
        assertError(post("/analyze/batch", "application/json", "{\"texts\": \"one\"}"), 400, "invalid_texts");
        assertError(post("/analyze/batch", "application/json", "{\"texts\": []}"), 400, "empty_texts");
        assertError(post("/analyze/batch", "application/json", "{\"texts\": [\"ok\", 3]}"), 400, "invalid_text");
        assertError(post("/analyze/batch", "application/json", "{\"texts\": [" + "\"a\",".repeat(64) + "\"a\"]}"), 413, "batch_too_large");
        assertError(get("/nope"), 404, "not_found");
        Answer wrongMethod = get("/analyze");
        assertError(wrongMethod, 405, "method_not_allowed");
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertError(post("/health", "application/json", "{}"), 405, "method_not_allowed");
    }

    @Test
    void emojiAndLongWordsAreFine() throws Exception {
        assertEquals(200, post("/analyze", "application/json", "{\"text\": \"love it 😍🎉\"}").status());
        assertEquals(200, post("/analyze", "application/json", "{\"text\": \"" + "x".repeat(4999) + "\"}").status());
        // 5000 emoji are 10000 UTF-16 units but 5000 characters: within the limit.
        assertEquals(200, post("/analyze", "application/json", "{\"text\": \"" + "😀".repeat(5000) + "\"}").status());
    }

    @Test
    void invalidUtf8IsRefusedNotGarbled() throws Exception {
        byte[] head = "{\"text\": \"caf".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 3];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xC3; // a lead byte with no continuation
        body[head.length + 1] = '"';
        body[head.length + 2] = '}';
        String response = rawPost("/analyze", body);
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.contains("invalid_utf8"), response);
    }

    @Test
    void healthReadinessAndInfo() throws Exception {
        for (String path : new String[]{"/health", "/v2/health/live"}) {
            Answer a = get(path);
            assertEquals(200, a.status());
            assertTrue(a.json().getBoolean("live", false));
        }
        for (String path : new String[]{"/ready", "/v2/health/ready"}) {
            Answer a = get(path);
            assertEquals(200, a.status());
            assertTrue(a.json().getBoolean("ready", false));
            assertEquals("ready", a.json().getString("phase", null));
        }
        JsonObject info = get("/info").json();
        assertEquals("traditional-api", info.getString("service", null));
        assertEquals(ProcessHandle.current().pid(), info.getLong("pid", -1));
        JsonObject startup = info.get("startup").asObject();
        double listening = startup.getDouble("jvm_start_to_listening_s", -1);
        double ready = startup.getDouble("jvm_start_to_ready_s", -1);
        assertTrue(listening > 0 && ready >= listening, "listening " + listening + " then ready " + ready);
        assertEquals("jvm_start", startup.get("phases").asArray().get(0).asObject().getString("phase", null));
        assertTrue(info.get("memory").asObject().getLong("resident_bytes", -1) > 1_000_000);
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        post("/analyze", "application/json", "{\"text\": \"fine\"}");
        get("/does-not-exist");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = r.body();
        assertTrue(text.contains("http_requests_total{route=\"/analyze\",status=\"200\"}"), text);
        assertTrue(text.contains("http_requests_total{route=\"unmatched\",status=\"404\"}"), text);
        assertTrue(text.contains("http_request_duration_seconds_bucket{route=\"/analyze\",le=\"0.005\"}"), text);
        assertTrue(text.contains("service_startup_seconds "), text);
        assertTrue(text.contains("service_ready 1"), text);
        assertTrue(text.contains("service_info{model=\"afinn165-vader-rules 1.0\",service=\"traditional-api\""), text);
    }

    /** A scraper that asks for protobuf (as Prometheus may, and the lab portal does) gets it, readable by the client's own parser. */
    @Test
    void metricsComeAsProtobufWhenAskedFor() throws Exception {
        post("/analyze", "application/json", "{\"text\": \"fine\"}");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google.protobuf"));
        java.util.Map<String, Metrics.MetricFamily> families = new java.util.HashMap<>();
        java.io.InputStream in = new java.io.ByteArrayInputStream(r.body());
        Metrics.MetricFamily f;
        while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) families.put(f.getName(), f);
        assertTrue(families.containsKey("service_ready"), families.keySet().toString());
        assertEquals(1.0, families.get("service_ready").getMetric(0).getGauge().getValue());
        Metrics.MetricFamily latency = families.get("http_request_duration_seconds");
        assertEquals(Metrics.MetricType.HISTOGRAM, latency.getType());
        assertTrue(latency.getMetricList().stream().anyMatch(m -> m.getLabelList().stream().anyMatch(l -> l.getValue().equals("/analyze"))
                && m.getHistogram().getSampleCount() >= 1));

        // The JVM and process metrics are set up by the first scrape, so this one already has them.
        assertTrue(families.containsKey("jvm_memory_used_bytes"), families.keySet().toString());
        for (String name : List.of("process_cpu_seconds", "process_start_time_seconds", "process_resident_memory_bytes", "jvm_threads_current")) {
            assertTrue(families.keySet().stream().anyMatch(n -> n.equals(name) || n.equals(name + "_total")), name + " in " + families.keySet());
        }
    }

    private static String rawPost(String path, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", service.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
