package lab.portal.classroom;

import lab.portal.progress.LabProgress;
import lab.portal.progress.LabReport;
import lab.portal.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * "Send to my class": this portal's report (the JSON of /report.json), posted to the class portal with
 * the class code and a display name, nothing else personal. The portal sends it rather than the page, so
 * the class portal never has to let another origin's page in.
 */
@Service
public class ClassSender {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofSeconds(20);

    /** Where to send: the class portal's address as the instructor gave it, the class code, the learner's display name. */
    public record Destination(String url, String code, String name) {
    }

    /** What was sent, when, and what the class said. */
    public record Sent(String to, String learner, Instant sentAt, int bytes, int runs, int answers, Classroom.Receipt receipt) {
    }

    private final LabProgress progress;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();

    public ClassSender(LabProgress progress, JsonMapper json) {
        this.progress = progress;
        this.json = json;
    }

    Sent send(Destination to) {
        URI reports = reportsUri(to == null ? null : to.url());
        String name = to.name() == null ? "" : to.name().strip();
        if (name.isEmpty() || name.length() > Classroom.MAX_NAME) throw ApiError.badRequest("a display name of 1 to " + Classroom.MAX_NAME + " characters");
        if (to.code() == null || to.code().isBlank()) throw ApiError.badRequest("the class code your instructor gave");
        LabReport report = progress.report();
        byte[] body = json.writeValueAsBytes(report);
        URI target = URI.create(reports + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(target).timeout(ANSWER).header("Content-Type", "application/json")
                .header("X-Class-Code", to.code().strip()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Instant sentAt = Instant.now();
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiError(HttpStatus.BAD_GATEWAY, "class_unreachable", "the class portal at " + reports.getScheme() + "://" + reports.getAuthority()
                    + " did not answer (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "): check the address with your instructor");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "the portal is stopping");
        }
        if (answer.statusCode() != 200) {
            throw new ApiError(HttpStatus.BAD_GATEWAY, "class_refused", "the class portal answered " + answer.statusCode() + ": " + reason(answer.body()));
        }
        Classroom.Receipt receipt = json.readValue(answer.body(), Classroom.Receipt.class);
        return new Sent(reports.getScheme() + "://" + reports.getAuthority(), name, sentAt, body.length, report.runs().size(), report.answers().size(), receipt);
    }

    /** The class portal's report endpoint from the address the instructor gave ({@code http://host:port}, a path after it ignored). */
    static URI reportsUri(String url) {
        String u = url == null ? "" : url.strip();
        if (!u.contains("://")) u = "http://" + u;
        URI base;
        try {
            base = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("not an address: " + url);
        }
        if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null || base.getRawUserInfo() != null) {
            throw ApiError.badRequest("the class portal's address, as http://host:port (your instructor gives it), not " + url);
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + ClassSettings.REPORTS);
    }

    private String reason(String body) {
        try {
            JsonNode n = json.readTree(body);
            return n.path("message").asString(body);
        } catch (RuntimeException e) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body;
        }
    }
}
