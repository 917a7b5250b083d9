package lab.portal.runtime;

import lab.process.Probe;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The portal's one client of a service replica on 127.0.0.1: its probes ({@code /health}, {@code /ready}
 * and why it will never be ready), what it says about itself ({@code /info}) and its metrics
 * ({@code /metrics}). Every call has a short timeout: a stalled replica cannot hold the caller.
 */
public final class ServiceClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ServiceClient() {
    }

    /** The status of {@code GET path}, or -1 when nothing answers. */
    public static int status(int port, String path) {
        return Probe.status(port, path);
    }

    /** Why the replica will not become ready without a restart (its start-up failed, it broke), or null. */
    public static String readyFailure(int port) {
        return Probe.readyFailure(port);
    }

    /** What the replica's {@code /info} says, or empty when it does not answer it. */
    public static Optional<ServiceInfo> info(int port) {
        try {
            HttpResponse<String> r = HTTP.send(get(port, "/info", TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readValue(r.body(), ServiceInfo.class)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One scrape of {@code /metrics} in the format {@code accept} asks for; the caller reads and closes the body. */
    public static HttpResponse<InputStream> metrics(int port, String accept, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(get(port, "/metrics", timeout).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpRequest.Builder get(int port, String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).GET();
    }
}
