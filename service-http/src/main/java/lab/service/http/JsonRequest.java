package lab.service.http;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body as a JSON object, refusing with a precise reason: wrong content type (415),
 * too large (413), not UTF-8 (400), not JSON (400), not an object (400).
 */
public final class JsonRequest {
    private JsonRequest() {
    }

    public static JsonObject readObject(HttpExchange exchange, int maxBytes) throws IOException {
        requireJsonContentType(exchange);
        byte[] raw = readBounded(exchange, maxBytes);
        String text = decodeUtf8(raw);
        if (text.isBlank()) {
            throw ApiError.badRequest("empty_body", "the request body is empty; send a JSON object such as {\"text\": \"...\"}");
        }
        JsonValue value;
        try {
            value = Json.parse(text);
        } catch (ParseException e) {
            throw ApiError.badRequest("malformed_json", "the body is not valid JSON: " + e.getMessage());
        }
        if (!value.isObject()) {
            throw ApiError.badRequest("not_an_object", "the body must be a JSON object, got " + kind(value));
        }
        return value.asObject();
    }

    /** A short name for the JSON type of a value, for error messages. */
    public static String kind(JsonValue value) {
        if (value.isString()) return "a string";
        if (value.isNumber()) return "a number";
        if (value.isBoolean()) return "a boolean";
        if (value.isNull()) return "null";
        if (value.isArray()) return "an array";
        return "an object";
    }

    private static void requireJsonContentType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase();
        if (!mediaType.equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type",
                    "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'"));
        }
    }

    private static byte[] readBounded(HttpExchange exchange, int maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null) {
                long length = parseLength(declared);
                if (length > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                return in.readNBytes((int) length); // exactly the declared size: no growing buffers per request
            }
            byte[] body = in.readNBytes(maxBytes + 1); // chunked: read at most one byte past the limit
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        }
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("bad_content_length", "Content-Length is not a number: " + declared);
        }
    }

    private static ApiError tooLarge(int maxBytes) {
        return new ApiError(413, "body_too_large", "the request body is larger than the limit of " + maxBytes + " bytes");
    }

    private static String decodeUtf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("invalid_utf8", "the request body is not valid UTF-8");
        }
    }
}
