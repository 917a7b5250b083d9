package lab.service.sentiment;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.sun.net.httpserver.HttpExchange;
import lab.service.ServiceConfig;
import lab.service.http.ApiError;
import lab.service.http.JsonRequest;
import lab.service.http.Response;
import lab.service.http.ServiceServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /analyze} and {@code POST /analyze/batch}: validate the input, ask the model, answer
 * with the shared contract. Until the service is ready (and while it shuts down) the answer is 503.
 */
public final class AnalyzeEndpoints {
    private final ServiceConfig config;
    private final Supplier<SentimentModel> model;
    private final Supplier<ApiError> refusal;

    /**
     * @param refusal why work is refused now (still loading, shutting down, broken), or null when the model takes it
     */
    public AnalyzeEndpoints(ServiceConfig config, Supplier<SentimentModel> model, Supplier<ApiError> refusal) {
        this.config = config;
        this.model = model;
        this.refusal = refusal;
    }

    public void register(ServiceServer server) {
        server.post("/analyze", this::analyze).post("/analyze/batch", this::analyzeBatch);
    }

    private Response analyze(HttpExchange exchange) throws IOException {
        JsonObject body = JsonRequest.readObject(exchange, config.maxBodyBytes());
        String text = validText(body.get("text"), "text");
        SentimentModel m = readyModel();
        long start = System.nanoTime();
        Prediction p = m.predict(text);
        return Response.ok(toJson(m, p, elapsedMs(start)));
    }

    private Response analyzeBatch(HttpExchange exchange) throws IOException {
        JsonObject body = JsonRequest.readObject(exchange, config.maxBodyBytes());
        List<String> texts = validTexts(body.get("texts"));
        SentimentModel m = readyModel();
        long start = System.nanoTime();
        List<Prediction> predictions = m.predictAll(texts);
        double perText = elapsedMs(start) / texts.size();
        JsonArray results = new JsonArray();
        predictions.forEach(p -> results.add(toJson(m, p, perText)));
        return Response.ok(new JsonObject().add("results", results).add("count", texts.size())
                .add("model", m.name()).add("processing_time_ms", round(elapsedMs(start))));
    }

    private SentimentModel readyModel() {
        ApiError no = refusal.get();
        if (no != null) {
            throw no;
        }
        return model.get();
    }

    private String validText(JsonValue value, String field) {
        if (value == null) {
            throw ApiError.badRequest("missing_text", "'" + field + "' is required: send {\"text\": \"...\"}");
        }
        if (!value.isString()) {
            throw ApiError.badRequest("invalid_text", "'" + field + "' must be a string, got " + JsonRequest.kind(value));
        }
        String text = value.asString();
        if (text.isBlank()) {
            throw ApiError.badRequest("empty_text", "'" + field + "' is empty; send some words to analyse");
        }
        int length = text.codePointCount(0, text.length());
        if (length > config.maxTextChars()) {
            throw new ApiError(413, "text_too_long", "'" + field + "' has " + length
                    + " characters; the limit is " + config.maxTextChars() + " (MAX_TEXT_CHARS)");
        }
        return text;
    }

    private List<String> validTexts(JsonValue value) {
        if (value == null) {
            throw ApiError.badRequest("missing_texts", "'texts' is required: send {\"texts\": [\"...\", \"...\"]}");
        }
        if (!value.isArray()) {
            throw ApiError.badRequest("invalid_texts", "'texts' must be an array of strings, got " + JsonRequest.kind(value));
        }
        JsonArray array = value.asArray();
        if (array.isEmpty()) {
            throw ApiError.badRequest("empty_texts", "'texts' is empty; send at least one text");
        }
        if (array.size() > config.maxBatch()) {
            throw new ApiError(413, "batch_too_large", "'texts' has " + array.size()
                    + " items; the limit is " + config.maxBatch() + " (MAX_BATCH)");
        }
        List<String> texts = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            texts.add(validText(array.get(i), "texts[" + i + "]"));
        }
        return texts;
    }

    private static JsonObject toJson(SentimentModel m, Prediction p, double ms) {
        JsonObject o = new JsonObject()
                .add("sentiment", p.sentiment().name())
                .add("confidence", round(p.confidence()))
                .add("score", round(p.score()))
                .add("method", m.method())
                .add("model", m.name())
                .add("processing_time_ms", round(ms));
        if (p.truncated()) {
            o.add("truncated", true);
        }
        return o;
    }

    private static double elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
