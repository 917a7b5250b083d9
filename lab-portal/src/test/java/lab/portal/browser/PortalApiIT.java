package lab.portal.browser;

import lab.portal.LabFixture;
import lab.process.Probe;
import lab.process.ProcessTree;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
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

    /**
     * The README's run command passes the environment through to the portal: any setting can be given
     * there (LAB_RUNTIME, LAB_SERVICES_ML_PORT, ...), and the guide's blocks get the ports so set.
     */
    @Test
    void settingsGivenAsEnvironmentVariablesReachThePortalAndTheGuidesBlocks() throws Exception {
        int traditional = LabFixture.freePort(), ml = LabFixture.freePort();
        try (PortalProcess portal = PortalProcess.start(LabFixture.REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(),
                List.of(), Map.of("LAB_RUNTIME", "local", "LAB_SERVICES_TRADITIONAL_PORT", Integer.toString(traditional),
                        "LAB_SERVICES_ML_PORT", Integer.toString(ml), "LAB_SERVICES_ML_MODEL_URI", "offline"))) {
            String page = send(HttpRequest.newBuilder(portal.uri("/"))).body();
            assertThat(page).contains("local processes: forced by configuration", "127.0.0.1:" + ml + "/openapi.yaml",
                    "127.0.0.1:" + traditional + "/openapi.yaml");
            assertThat(send(change(portal, "/api/services/traditional-api/start").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
            for (int i = 0; i < 300 && Probe.status(traditional, "/ready") != 200; i++) Thread.sleep(100);
            HttpResponse<String> run = send(change(portal, "/api/blocks/step-2-1/runs").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
            String output = "";
            for (int i = 0; i < 300 && !output.contains("\"status\":\"SUCCEEDED\""); i++) {
                Thread.sleep(100);
                output = send(HttpRequest.newBuilder(portal.uri("/api/blocks/step-2-1/runs/latest"))).body();
            }
            assertThat(output).as("the block's curls reached traditional-api on the port the environment set").contains("\\\"ready\\\":true");
        }
    }

    /**
     * A new learner's path with no flags but the ports: every block of the guide, pressed in page order on
     * local processes, achieves what its step says (nginx and kubectl are installed here, so their steps run
     * too), and the cleanup at the end leaves nothing running.
     */
    @Test
    void everyBlockOfTheGuideAchievesItsStepOnLocalProcesses() throws Exception {
        int traditional = LabFixture.freePort(), ml = LabFixture.freePort();
        try (PortalProcess portal = PortalProcess.start(LabFixture.REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(),
                settings(traditional, ml))) {
            try {
                new lab.portal.deployment.GuideWalk(portal.uri("/")).everyBlockAchievesItsStepOrSaysWhyNot();
            } finally {
                send(HttpRequest.newBuilder(portal.uri("/")));
                send(change(portal, "/api/cleanup").POST(HttpRequest.BodyPublishers.noBody())); // nginx too, should the walk stop before Step 14
            }
            assertThat(Probe.status(8080, "/")).as("the guide's nginx was stopped by its cleanup step").isEqualTo(-1);
            assertThat(Probe.status(traditional, "/health")).as("and the services").isEqualTo(-1);
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

    /**
     * A cancel puts back what the learner had: both services were running (ml-api on its configured
     * settings), Experiment 5 restarted ml-api on its own and scaled it out, and after the cancel one
     * replica of each runs again, ready, on the configured settings, and the run's extra replica is gone.
     */
    @Test
    void aCancelledRunPutsBackTheReplicasTheLearnerHadRunning() throws Exception {
        int traditional = LabFixture.freePort(), ml = LabFixture.freePort();
        try (PortalProcess portal = PortalProcess.start(LabFixture.REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(),
                settings(traditional, ml))) {
            send(HttpRequest.newBuilder(portal.uri("/")));
            for (String service : List.of("traditional-api", "ml-api")) {
                HttpResponse<String> started = send(change(portal, "/api/services/" + service + "/start").POST(HttpRequest.BodyPublishers.noBody()));
                assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            }
            awaitReady(traditional, ml);
            int configuredThreads = LabFixture.JSON.readTree(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ml + "/info"))).body())
                    .path("inference_threads").asInt();

            HttpResponse<String> run = send(change(portal, "/api/experiments/scaling/runs").POST(HttpRequest.BodyPublishers.noBody()));
            long runId = LabFixture.JSON.readTree(run.body()).path("run_id").asLong();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (Probe.status(ml + 10, "/health") != 200) { // the run has changed things: its second replica is up
                assertThat(System.nanoTime()).as("Experiment 5 scaled ml-api out within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(send(change(portal, "/api/experiments/cancel").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(202);
            String status = "RUNNING";
            while (status.equals("RUNNING")) {
                assertThat(System.nanoTime()).as("run " + runId + " ended after its cancel").isLessThan(deadline);
                Thread.sleep(100);
                status = LabFixture.JSON.readTree(send(HttpRequest.newBuilder(portal.uri("/api/runs/" + runId))).body()).path("status").asString();
            }
            assertThat(status).isEqualTo("CANCELLED");

            awaitReady(traditional, ml);
            assertThat(Probe.status(ml + 10, "/health")).as("the run's second replica is gone").isEqualTo(-1);
            var services = LabFixture.JSON.readTree(send(HttpRequest.newBuilder(portal.uri("/api/services"))).body());
            assertThat(services.path("traditional-api").size()).as(services.toString()).isEqualTo(1);
            assertThat(services.path("ml-api").size()).as(services.toString()).isEqualTo(1);
            assertThat(LabFixture.JSON.readTree(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ml + "/info"))).body())
                    .path("inference_threads").asInt()).as("ml-api is back on the configured settings, not the run's").isEqualTo(configuredThreads);
        }
    }

    private static void awaitReady(int... ports) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (int port : ports) {
            while (Probe.status(port, "/ready") != 200) {
                assertThat(System.nanoTime()).as("port " + port + " ready within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
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
            for (ProcessHandle p : orphans) assertThat(ProcessTree.running(p)).as("leftover pid " + p.pid() + " was stopped").isFalse();
            assertThat(next.log()).contains("the last portal left running");
            assertThat(LabFixture.JSON.readTree(send(HttpRequest.newBuilder(next.uri("/api/runs/" + runId))).body()).path("status").asString())
                    .isEqualTo("INTERRUPTED");
            send(HttpRequest.newBuilder(next.uri("/")));
            HttpResponse<String> again = send(change(next, "/api/services/traditional-api/start").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(again.statusCode()).as("the port is free again: " + again.body()).isEqualTo(200);
        }
    }
}
