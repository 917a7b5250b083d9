package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.runtime.LabService;
import lab.portal.runtime.MemoryLimit;
import lab.portal.runtime.Replica;
import lab.portal.runtime.RecordedEvents;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.local.LocalProcessRuntime;
import lab.process.Probe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An experiment's parameters for ml-api (batch_size, inference_threads, memory_limit_mb) reach the
 * replicas it measures: read back from the service's own /info and the replica's limit, a learner's
 * replica with other settings is restarted once, and one with the same settings is left alone.
 */
class RunSettingsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonNode info(int port) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return LabFixture.JSON.readTree(body);
    }

    private static Replica only(LocalProcessRuntime runtime) {
        return runtime.replicas(LabService.ML).stream().filter(r -> r.state() != ReplicaState.EXITED).findFirst().orElseThrow();
    }

    @Test
    void anExperimentsSettingsReachMlApiAndALearnersReplicaWithOtherSettingsIsRestartedOnce() throws Exception {
        int port = LabFixture.freePort();
        try (LocalProcessRuntime runtime = LabFixture.localRuntime(Map.of(LabService.ML, LabFixture.local(port, LabFixture.OFFLINE)))) {
            runtime.start(LabService.ML); // the learner's replica, on the configured settings
            RecordedEvents.await("ml-api ready", () -> Probe.status(port, "/ready") == 200, 120);
            JsonNode configured = info(port).path("batching");
            String learners = only(runtime).id();

            ScalingExperiment.Params scaling = LabFixture.bound("scaling", Map.of("batch_size", 3, "inference_threads", 1), ScalingExperiment.Params.class);
            assertThat(configured.path("max_batch_size").asInt()).as("the test's values differ from the configured ones").isNotEqualTo(3);
            ExperimentContext tuned = LabFixture.context(runtime).tuned(scaling);
            int measured = tuned.readyPort(LabService.ML);
            JsonNode running = info(measured);
            assertThat(running.path("batching").path("max_batch_size").asInt()).as("BATCH_SIZE reached the service: " + running).isEqualTo(3);
            assertThat(running.path("inference_threads").asInt()).as("INFERENCE_THREADS reached the service: " + running).isEqualTo(1);
            String restarted = only(runtime).id();
            assertThat(restarted).as("the learner's replica ran other settings, so it was restarted").isNotEqualTo(learners);

            tuned.readyPort(LabService.ML);
            assertThat(only(runtime).id()).as("a replica already on the run's settings is not restarted").isEqualTo(restarted);

            LoadExperiment.Params load = LabFixture.bound("load", Map.of("batch_size", 3, "memory_limit_mb", 4000), LoadExperiment.Params.class);
            LabFixture.context(runtime).tuned(load).readyPort(LabService.ML);
            assertThat(only(runtime).settings().memoryLimit()).as("memory_limit_mb became the replica's limit").isEqualTo(MemoryLimit.ofMegabytes(4000));

            LoadExperiment.Params tooSmall = LabFixture.bound("load", Map.of("memory_limit_mb", 96), LoadExperiment.Params.class);
            assertThatThrownBy(() -> LabFixture.context(runtime).tuned(tooSmall).readyPort(LabService.ML))
                    .as("a limit below what ml-api needs is enforced, and the run says so").isInstanceOf(ExperimentFailure.class)
                    .hasMessageContaining("killed for using more memory than its limit");
        }
    }
}
