package lab.portal.experiment;

import lab.portal.LabFixture;
import lab.portal.runtime.LabService;
import lab.portal.runtime.RecordedEvents;
import lab.portal.runtime.local.LocalProcessRuntime;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The round-robin front over real replicas: only ready ones, held ones skipped, 503 when none; it remembers when each first answered. */
class ReadyRouterIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> analyze(ReadyRouter router) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + "/analyze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"nice\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void roundRobinOverReadyReplicasOnly() throws Exception {
        try (LocalProcessRuntime runtime = LabFixture.localRuntime(Map.of(LabService.TRADITIONAL, LabFixture.local(LabFixture.freePort(), Map.of())));
             ReadyRouter router = new ReadyRouter(runtime, LabService.TRADITIONAL, 0)) {
            HttpResponse<String> none = analyze(router);
            assertEquals(503, none.statusCode());
            assertTrue(none.headers().firstValue("Retry-After").isPresent() && none.body().contains("no_ready_replica"));

            runtime.scale(LabService.TRADITIONAL, 2);
            RecordedEvents.await("two ready replicas", () -> router.inRotation().size() == 2, 60);
            Set<String> served = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = analyze(router);
                assertEquals(200, r.statusCode(), r.body());
                served.add(r.headers().firstValue("X-Replica").orElse("?"));
            }
            assertEquals(2, served.size(), "both replicas served: " + served);

            String standby = runtime.replicas(LabService.TRADITIONAL).get(1).id();
            assertTrue(router.firstAnswer(standby).isPresent(), "its first answer was noted");
            router.hold(standby);
            for (int i = 0; i < 6; i++) {
                assertTrue(!analyze(router).headers().firstValue("X-Replica").orElse("").equals(standby), "a held replica gets nothing");
            }
            router.release(standby);
            assertEquals(2, router.inRotation().size());
            assertTrue(router.firstAnswer("never-ran").isEmpty(), "a replica that never answered has no first answer");
        }
    }
}
