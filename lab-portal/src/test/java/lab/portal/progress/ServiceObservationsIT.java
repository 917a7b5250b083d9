package lab.portal.progress;

import lab.portal.LabFixture;
import lab.portal.content.LabContent;
import lab.portal.content.StepCheck;
import lab.portal.settings.LabProperties;
import lab.process.ServiceProcess;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step done by hand in a terminal counts: traditional-api started as a plain process on the portal's
 * port (not by the portal), asked what Steps 1–3 ask, and the steps turn done from what it shows.
 */
class ServiceObservationsIT {

    @Test
    void whatALearnerDidByHandIsSeenOnTheServiceItself() throws Exception {
        int port = LabFixture.freePort();
        LabProperties properties = new LabProperties(LabFixture.REPO.toString(), "content/lab.yaml", "/tmp", LabProperties.RuntimeMode.LOCAL,
                "unix:///nowhere", Duration.ofSeconds(30), List.of(), "v", "", new LabProperties.Services(
                new LabProperties.Service(port, "t", "b", 0, "", ""), new LabProperties.Service(LabFixture.freePort(), "m", "b", 0, "", "")));
        LabContent lab = LabFixture.content();
        ServiceObservations observations = new ServiceObservations(lab, properties, event -> { });
        StepCheck.Observation ready = new StepCheck.Observation("traditional", true, null, null, null);
        StepCheck.Observation refused = new StepCheck.Observation("traditional", null, "/analyze", 400, null);
        try {
            assertThat(observations.holds(ready)).as("nothing listens yet").isFalse();
            Path jar = LabFixture.REPO.resolve("traditional-api/target/traditional-api.jar");
            try (ServiceProcess service = ServiceProcess.start(jar, port, Map.of(), Files.createTempFile("by-hand", ".log"))) {
                service.secondsUntil200("/ready", 30);
                assertThat(observations.holds(ready)).isTrue();
                assertThat(observations.holds(refused)).as("no bad request yet").isFalse();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/analyze"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\": 42}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(observations.holds(refused)).as("the 400 it counted").isTrue();
                List<StepProgress.Status> steps = StepProgress.judge(lab, Map.of(), Map.of(), Map.of(), observations::holds, java.util.Set.of());
                assertThat(steps.get(0).done()).as("Step 1 by hand: " + steps.get(0).detail()).isTrue();
                assertThat(steps.get(0).detail()).contains("seen on the service");
                assertThat(steps.get(2).done()).as("Step 3 by hand: " + steps.get(2).detail()).isTrue();
                assertThat(steps.get(1).done()).as("Step 2 rests on its block only: the portal's own probes ask /health and /ready").isFalse();
            }
        } finally {
            observations.destroy();
        }
    }
}
