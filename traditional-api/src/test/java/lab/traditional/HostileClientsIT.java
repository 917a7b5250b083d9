package lab.traditional;

import lab.process.ServiceProcess;
import lab.process.SlowClients;
import org.junit.jupiter.api.Test;

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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service against clients that misbehave and an orchestrator that stops it: slow clients
 * stall nothing, and SIGTERM drains (not ready at once, in-flight work answered, new work refused with
 * 503 and Retry-After, exit 0). The target, /health under 50 ms with 200 slow connections open, is held
 * on the median (a busy 2-core machine moves a maximum, not a median); the maximum gets a wide margin.
 */
class HostileClientsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void twoHundredConnectionsThatNeverFinishTheirHeadersStallNothingAndAreCutOff() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(TraditionalApiProcessIT.jar(), Map.of("HTTP_HEADER_TIMEOUT_S", "3"));
             SlowClients slow = SlowClients.open(awaitReady(service), 200)) {
            List<Double> ms = SlowClients.latenciesMs(service.port(), "/health", 20);
            System.out.printf("traditional-api /health with 200 slow connections open: median %.1f ms, max %.1f ms%n", ms.get(10), ms.get(19));
            assertTrue(ms.get(10) < 50, "the target: /health answers in under 50 ms (median) beside 200 slow connections: " + ms);
            assertTrue(ms.get(19) < 1000, "every /health answered while the slow clients hold their connections: " + ms);
            assertEquals(200, analyze(service, "{\"text\":\"still fine\"}").statusCode(), "work goes on too");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slow.closedByServer() < 200) {
                assertTrue(System.nanoTime() < deadline, "the header timeout (3 s) cut them off: " + slow.closedByServer() + " of 200");
                Thread.sleep(200);
            }
        }
    }

    @Test
    void sigtermDrainsInFlightWorkRefusesNewWorkAndExitsZero() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(TraditionalApiProcessIT.jar(), Map.of("SHUTDOWN_GRACE_S", "20"));
             Socket inFlight = new Socket("127.0.0.1", awaitReady(service))) {
            // A request in flight: its headers are in, half its body is not.
            String body = "{\"text\":\"the parcel came on time\"}";
            OutputStream out = inFlight.getOutputStream();
            out.write(("POST /analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body.substring(0, 10)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300);

            service.process().toHandle().destroy(); // SIGTERM
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (service.status("/ready") != 503) {
                assertTrue(System.nanoTime() < deadline, "/ready turned 503 on SIGTERM");
                Thread.sleep(20);
            }
            HttpResponse<String> refused = analyze(service, "{\"text\":\"new work\"}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "the refusal says when to retry");
            assertTrue(refused.body().contains("shutting_down"), refused.body());
            assertTrue(service.isAlive(), "still there while a request is in flight");

            out.write(body.substring(10).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = inFlight.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", answer, "the request in flight was answered");
            assertTrue(service.process().waitFor(20, TimeUnit.SECONDS), "the service exited once drained");
            assertEquals(0, service.process().exitValue(), "a stop that was asked for is a clean exit: " + service.log());
            assertTrue(service.log().contains("drained"), service.log());
        }
    }

    private static int awaitReady(ServiceProcess service) throws Exception {
        service.secondsUntil200("/ready", 30);
        return service.port();
    }

    private static HttpResponse<String> analyze(ServiceProcess s, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/analyze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
