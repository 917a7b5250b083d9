package lab.portal.guide;

import com.eclipsesource.json.JsonObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The portal's JSON answers, refusals included: {"error": code, "message": what was wrong}. */
public final class JsonAnswers {
    private JsonAnswers() {
    }

    public static ResponseEntity<String> json(HttpStatus status, JsonObject body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }

    public static ResponseEntity<String> error(HttpStatus status, String code, String message) {
        return json(status, new JsonObject().add("error", code).add("message", message));
    }
}
