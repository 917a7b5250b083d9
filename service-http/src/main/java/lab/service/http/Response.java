package lab.service.http;

import com.eclipsesource.json.JsonObject;

import java.nio.charset.StandardCharsets;

/** What a handler answers: a status, a body with its content type, and an optional Retry-After. */
public record Response(int status, String contentType, byte[] body, Integer retryAfterSeconds) {

    public static final String JSON = "application/json";

    public static Response json(int status, JsonObject body) {
        return new Response(status, JSON, body.toString().getBytes(StandardCharsets.UTF_8), null);
    }

    public static Response ok(JsonObject body) {
        return json(200, body);
    }

    public static Response text(String contentType, byte[] body) {
        return new Response(200, contentType, body, null);
    }

    public static Response of(ApiError e) {
        JsonObject body = new JsonObject().add("error", e.error()).add("message", e.getMessage());
        return new Response(e.status(), JSON, body.toString().getBytes(StandardCharsets.UTF_8), e.retryAfterSeconds());
    }

    public Response withRetryAfter(int seconds) {
        return new Response(status, contentType, body, seconds);
    }
}
