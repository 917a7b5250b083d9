package lab.portal.deployment;

import lab.portal.LabFixture;
import lab.portal.evidence.Evidence;
import lab.portal.experiment.ExperimentCatalog;
import lab.portal.runtime.LabService;
import lab.portal.runtime.local.LocalProcessRuntime;
import lab.portal.runtime.RecordedEvents;
import lab.process.MachineTool;
import lab.process.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's nginx.conf run by a real nginx (Debian's package) in front of the real services,
 * started by the local-process runtime on the ports the file names: both routes answer, and while a
 * second ML replica is still loading (503 / not listening) nginx routes around it, as a readiness probe
 * would, so no request fails.
 */
class NginxRoutingIT {
    private static final Path REPO = LabFixture.REPO;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private LocalProcessRuntime runtime;
    private Process nginx;

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (runtime != null) runtime.close();
    }

    private static HttpResponse<String> post(String path, String text) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesToBothServicesAndAroundAReplicaThatIsNotReady() throws Exception {
        Assumptions.assumeTrue(MachineTool.NGINX.availableForTests(), MachineTool.NGINX.missing()); // before anything starts
        for (int port : new int[]{8001, 8002, 8011, 8012, 8080}) {
            assertTrue(!Probe.portOpen(port), "port " + port + " (named in nginx.conf) must be free for this test");
        }
        runtime = LabFixture.localRuntime(Map.of(LabService.TRADITIONAL, LabFixture.local(8001, Map.of()),
                LabService.ML, LabFixture.local(8002, LabFixture.OFFLINE)));
        runtime.start(LabService.TRADITIONAL);
        runtime.start(LabService.ML);
        RecordedEvents.await("both ready", () -> Probe.status(8001, "/ready") == 200 && Probe.status(8002, "/ready") == 200, 120);

        Path prefix = Files.createTempDirectory("lab-nginx");
        nginx = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", REPO.resolve("nginx.conf").toAbsolutePath().toString(),
                "-e", prefix.resolve("error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("out.log").toFile()).start();
        RecordedEvents.await("nginx on 8080", () -> Probe.status(8080, "/") == 200, 20);

        HttpResponse<String> traditional = post("/traditional/analyze", "Great service!");
        assertEquals(200, traditional.statusCode(), traditional.body());
        assertTrue(traditional.body().contains("\"method\":\"rule-based\""), traditional.body());
        HttpResponse<String> ml = post("/ml/analyze", "Great service!");
        assertEquals(200, ml.statusCode(), ml.body());
        assertTrue(ml.body().contains("\"method\":\"transformer\""), ml.body());

        runtime.scale(LabService.ML, 2); // the second replica starts on 8012 and spends a while not ready
        int duringLoad = 0;
        while (Probe.status(8012, "/ready") != 200) {
            HttpResponse<String> r = post("/ml/analyze", "The parcel was late");
            assertEquals(200, r.statusCode(), "nginx skipped the replica that is not ready: " + r.body());
            duringLoad++;
            assertTrue(duringLoad < 5000, "the second replica never became ready");
        }
        assertTrue(duringLoad > 0, "requests were sent while the second replica was loading");
        for (int i = 0; i < 10; i++) {
            assertEquals(200, post("/ml/analyze", "fine").statusCode());
        }

        // Experiment 4 runs the same profile through nginx too when it answers in front.
        Evidence e = LabFixture.run(LabFixture.catalog().find("load").orElseThrow(), runtime, Map.of("rate", 20,
                "seconds", 2, "saturation_start", 20, "saturation_max", 20, "step_seconds", 1, "nginx_url", "http://127.0.0.1:8080"));
        for (String svc : List.of("traditional", "ml")) {
            assertEquals(0.0, e.figure(svc + ".via_nginx.errors"), svc + " through nginx: " + e.figures());
            assertTrue(e.figure(svc + ".via_nginx.p99_ms") > 0, e.figures().toString());
            assertEquals(2, e.series().get(svc + ".via_nginx.per_second").rows().size());
        }
        assertTrue(e.notes().isEmpty(), "nothing was skipped: " + e.notes());
    }
}
