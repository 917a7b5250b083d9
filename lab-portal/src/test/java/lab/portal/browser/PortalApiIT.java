package lab.portal.browser;

import lab.portal.LabFixture;
import lab.process.Probe;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged portal as a real process against clients and faults its slice tests cannot show: a body
 * far over its limit streamed at it, a platform that makes Spring trust forwarded headers, ten
 * Experiment 5 runs cancelled one after another, and a kill -9 with services running.
 */
class PortalApiIT {
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    private static List<String> settings(int traditional, int ml) {
        return List.of("--lab.runtime=local", "--lab.services.traditional.port=" + traditional, "--lab.services.ml.port=" + ml,
                "--lab.services.ml.model-uri=offline");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder change(PortalProcess portal, String path) {
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        return HttpRequest.newBuilder(portal.uri(path)).header("X-XSRF-TOKEN", token);
    }

    @Test
    void aBodyFarOverTheLimitIsRefusedWithoutReachingTheHeapAndForwardedHeadersAreNotTrusted() throws Exception {
        // KUBERNETES_SERVICE_* make Spring believe it runs on Kubernetes, where it would trust X-Forwarded-*.
        try (PortalProcess portal = PortalProcess.start(LabFixture.REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(),
                settings(LabFixture.freePort(), LabFixture.freePort()), Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", "1"))) {
            assertThat(send(HttpRequest.newBuilder(portal.uri("/"))).statusCode()).as("the page sets the CSRF cookie").isEqualTo(200);
            String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
            // 300 MB, chunked (no declared length): counted as it is read.
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), portal.port)) {
                OutputStream out = s.getOutputStream();
                out.write(("PUT /api/answers/probes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                        + "X-XSRF-TOKEN: " + token + "\r\nCookie: XSRF-TOKEN=" + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = ("100000\r\n" + "x".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 300; i++) out.write(chunk);
                } catch (java.io.IOException closed) {
                    // the portal stopped reading and closed: what it answered is below
                }
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
            }
            assertThat(portal.log()).doesNotContain("OutOfMemoryError");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), portal.port)) {
                s.getOutputStream().write(("GET /api/checklist HTTP/1.1\r\nHost: lab.attacker.example\r\nX-Forwarded-Host: 127.0.0.1\r\n"
                        + "X-Forwarded-For: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as("the Host check judges what the client sent, not a forwarded header").startsWith("HTTP/1.1 421")
                        .contains("\"error\":\"host_not_allowed\"");
            }
        }
    }

    /** Ten runs of Experiment 5 cancelled a few seconds in, one after another: each ends CANCELLED and leaves nothing running. */
    @Test
    void cancellingTenRunsInARowLosesNothingAndLeavesNothingRunning() throws Exception {
        int traditional = LabFixture.freePort(), ml = LabFixture.freePort();
        try (PortalProcess portal = PortalProcess.start(LabFixture.REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(),
                settings(traditional, ml))) {
            send(HttpRequest.newBuilder(portal.uri("/")));
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> started = send(change(portal, "/api/experiments/scaling/runs").POST(HttpRequest.BodyPublishers.noBody()));
                assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
                long runId = LabFixture.JSON.readTree(started.body()).path("run_id").asLong();
                Thread.sleep(1500 + 300L * i);
                HttpResponse<String> cancelled = send(change(portal, "/api/experiments/cancel").POST(HttpRequest.BodyPublishers.noBody()));
                assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
                String status = "RUNNING";
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (status.equals("RUNNING")) {
                    assertThat(System.nanoTime()).as("run " + runId + " ended within 30 s of its cancel").isLessThan(deadline);
                    Thread.sleep(100);
                    status = LabFixture.JSON.readTree(send(HttpRequest.newBuilder(portal.uri("/api/runs/" + runId))).body()).path("status").asString();
                }
                assertThat(status).as("run " + runId).isEqualTo("CANCELLED");
                assertThat(Probe.status(ml, "/health")).as("nothing the run started is still running").isEqualTo(-1);
                assertThat(Probe.status(ml + 10, "/health")).isEqualTo(-1);
            }
            assertThat(send(HttpRequest.newBuilder(portal.uri("/api/checklist"))).statusCode()).as("the store still works").isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(portal.uri("/api/services"))).body()).isEqualTo("{\"traditional-api\":[],\"ml-api\":[]}");

            // The portal's own health and metrics: what its HEALTHCHECK and a Prometheus server read.
            HttpResponse<String> ready = send(HttpRequest.newBuilder(portal.uri("/actuator/health/readiness")));
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"UP\"");
            assertThat(send(HttpRequest.newBuilder(portal.uri("/actuator/health/liveness"))).statusCode()).isEqualTo(200);
            String metrics = send(HttpRequest.newBuilder(portal.uri("/actuator/prometheus"))).body();
            assertThat(metrics).contains("lab_experiment_runs_total{experiment=\"scaling\",status=\"cancelled\"} 10.0", "lab_live_pages ",
                    "jvm_memory_used_bytes");
        }
    }

    /** kill -9 with services running: the next start stops what the dead portal left, so the ports are free, and marks its run. */
    @Test
    void afterKillMinusNineTheNextStartCleansUpAndMarksTheRunInterrupted() throws Exception {
        Path data = Files.createTempDirectory("portal-data");
        int traditional = LabFixture.freePort(), ml = LabFixture.freePort(), port = PortalProcess.freePort();
        PortalProcess first = PortalProcess.start(LabFixture.REPO, data, port, settings(traditional, ml));
        send(HttpRequest.newBuilder(first.uri("/")));
        assertThat(send(change(first, "/api/services/traditional-api/start").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Probe.status(traditional, "/ready") != 200) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(100);
        }
        HttpResponse<String> run = send(change(first, "/api/experiments/health/runs").POST(HttpRequest.BodyPublishers.noBody()));
        long runId = LabFixture.JSON.readTree(run.body()).path("run_id").asLong();
        assertThat(runId).as("the run started: " + run.body()).isPositive();
        // Killed the moment the run is recorded: what the portal answered has to be on disk already.
        List<ProcessHandle> orphans = first.killHard();
        assertThat(orphans).as("the services outlive a portal killed outright").anyMatch(ProcessHandle::isAlive);

        try (PortalProcess next = PortalProcess.start(LabFixture.REPO, data, port, settings(traditional, ml))) {
            for (ProcessHandle p : orphans) assertThat(p.isAlive()).as("leftover pid " + p.pid() + " was stopped").isFalse();
            assertThat(next.log()).contains("the last portal left running");
            assertThat(LabFixture.JSON.readTree(send(HttpRequest.newBuilder(next.uri("/api/runs/" + runId))).body()).path("status").asString())
                    .isEqualTo("INTERRUPTED");
            send(HttpRequest.newBuilder(next.uri("/")));
            HttpResponse<String> again = send(change(next, "/api/services/traditional-api/start").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(again.statusCode()).as("the port is free again: " + again.body()).isEqualTo(200);
        }
    }
}
