package lab.portal.browser;

import lab.bench.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portal's HTTP surface as a client other than its page sees it: changes without the CSRF token,
 * requests addressed to another host and bad input are refused with a JSON reason; nothing is changed.
 */
class PortalApiIT {
    private static final Path REPO = Path.of(System.getProperty("lab.repo", "..")).toAbsolutePath().normalize();
    private static PortalProcess portal;
    private static final CookieManager COOKIES = new CookieManager();
    private static final HttpClient HTTP = HttpClient.newBuilder().cookieHandler(COOKIES).build();

    @BeforeAll
    static void start() throws Exception {
        portal = PortalProcess.start(REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(),
                List.of("--lab.runtime=local", "--lab.ports.traditional=" + ServiceProcess.freePort(),
                        "--lab.ports.ml=" + ServiceProcess.freePort(), "--lab.ml-model-uri=offline"));
        assertEquals(200, send(HttpRequest.newBuilder(portal.uri("/")).GET()).statusCode(), "the page sets the CSRF cookie");
    }

    @AfterAll
    static void stop() throws Exception {
        if (portal != null) portal.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder withToken(String path) {
        String token = COOKIES.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        return HttpRequest.newBuilder(portal.uri(path)).header("X-XSRF-TOKEN", token);
    }

    private static void assertRefused(int status, String error, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"error\":\"" + error + "\"") && r.body().contains("\"message\":"), r.body());
    }

    @Test
    void aChangeWithoutTheTokenIsRefusedAndNothingChanges() throws Exception {
        assertRefused(403, "csrf", send(HttpRequest.newBuilder(portal.uri("/api/services/traditional-api/start"))
                .POST(HttpRequest.BodyPublishers.noBody())));
        // The cookie goes along (the client keeps it), the header is not the cookie's value.
        assertRefused(403, "csrf", send(HttpRequest.newBuilder(portal.uri("/api/experiments/startup/runs")).header("X-XSRF-TOKEN", "forged")
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertEquals("{\"traditional-api\":[],\"ml-api\":[]}", send(HttpRequest.newBuilder(portal.uri("/api/services"))).body());
    }

    @Test
    void aRequestForAnotherHostIsRefused() throws Exception {
        // What a DNS-rebinding page would send: the right address, another name (a raw request, as
        // HttpClient does not let a caller set Host).
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), portal.port)) {
            s.getOutputStream().write(("GET /api/checklist HTTP/1.1\r\nHost: lab.attacker.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 421"), answer);
            assertTrue(answer.contains("\"error\":\"host_not_allowed\""), answer);
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() throws Exception {
        assertRefused(404, "unknown_experiment", send(withToken("/api/experiments/nope/runs").POST(HttpRequest.BodyPublishers.noBody())));
        assertRefused(404, "unknown_question", send(withToken("/api/answers/nope").header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("x"))));
        assertRefused(413, "answer_too_long", send(withToken("/api/answers/probes").header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(20_001)))));
        assertRefused(400, "bad_request", send(withToken("/api/services/ml-api/scale?replicas=99").POST(HttpRequest.BodyPublishers.noBody())));
        assertRefused(404, "unknown_service", send(withToken("/api/services/redis/start").POST(HttpRequest.BodyPublishers.noBody())));
        assertRefused(400, "invalid_report", send(withToken("/api/report").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"format\":\"something-else\"}"))));
        assertRefused(409, "not_measured", send(HttpRequest.newBuilder(portal.uri("/api/cost"))));
        assertRefused(404, "unknown_run", send(HttpRequest.newBuilder(portal.uri("/api/runs/12345"))));
    }
}
