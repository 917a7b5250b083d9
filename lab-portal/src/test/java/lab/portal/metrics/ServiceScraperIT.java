package lab.portal.metrics;

import lab.portal.LabFixture;
import lab.portal.live.LiveEvent;
import lab.portal.runtime.LabService;
import lab.portal.runtime.local.LocalProcessRuntime;
import lab.portal.runtime.Replica;
import lab.portal.runtime.ReplicaState;
import lab.portal.runtime.ServiceRuntime;
import lab.portal.runtime.RecordedEvents;
import lab.process.load.ConstantRateLoad;
import lab.process.load.LoadProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 1 Hz scrape of real replicas' /metrics in the protobuf format: rates, latency quantiles, the
 * batching queue and batch size under a real load, and a failed scrape with its reason.
 */
class ServiceScraperIT {
    private final List<LiveEvent.Metrics> seen = new CopyOnWriteArrayList<>();
    private LocalProcessRuntime runtime;
    private ServiceScraper scraper;

    @AfterEach
    void close() {
        if (scraper != null) scraper.destroy();
        if (runtime != null) runtime.close();
    }

    @Test
    void underLoadTheScrapeShowsTheRateTheLatencyAndMlApisBatches() throws Exception {
        runtime = LabFixture.localRuntime();
        runtime.start(LabService.TRADITIONAL);
        runtime.start(LabService.ML);
        RecordedEvents.await("both ready", () -> ready(runtime, LabService.TRADITIONAL) && ready(runtime, LabService.ML), 120);
        scraper = new ServiceScraper(runtime, seen::add);
        int mlPort = runtime.replicas(LabService.ML).get(0).port();
        int tradPort = runtime.replicas(LabService.TRADITIONAL).get(0).port();
        new ConstantRateLoad().run(LoadProfile.post(URI.create("http://127.0.0.1:" + tradPort + "/analyze"), "{\"text\": \"fine\"}", 50,
                Duration.ofSeconds(4)), s -> { }, () -> false);
        new ConstantRateLoad().run(LoadProfile.post(URI.create("http://127.0.0.1:" + mlPort + "/analyze"), "{\"text\": \"fine\"}", 40,
                Duration.ofSeconds(5)), s -> { }, () -> false);

        List<LiveEvent.Metrics> trad = of("traditional-api");
        assertThat(trad).as("a scrape each second").hasSizeGreaterThanOrEqualTo(6);
        // Both services share two cores with a load generator and ml-api's model load: one scrape may miss its
        // 800 ms (it then says so, as the page shows it); every other one must read the replica as ready.
        assertThat(trad.stream().filter(m -> m.scrapeError() != null).toList()).as("failed scrapes").hasSizeLessThanOrEqualTo(1);
        assertThat(trad).allMatch(m -> m.scrapeError() != null || Boolean.TRUE.equals(m.ready()));
        assertThat(trad).as("the load shows as requests per second, the probes do not")
                .anyMatch(m -> m.requestsPerS() != null && m.requestsPerS() > 20 && m.p99Ms() != null && m.p50Ms() <= m.p99Ms());
        assertThat(trad).anyMatch(m -> m.requestsPerS() != null && m.requestsPerS() == 0);
        assertThat(trad).allMatch(m -> m.queueDepth() == null && m.batchSize() == null);

        List<LiveEvent.Metrics> ml = of("ml-api");
        assertThat(ml).anyMatch(m -> m.requestsPerS() != null && m.requestsPerS() > 20);
        assertThat(ml).as("ml-api reports its queue and its batches").allMatch(m -> m.queueDepth() != null)
                .anyMatch(m -> m.batchSize() != null && m.batchSize() >= 1);
        assertThat(ml).allMatch(m -> m.errorsPerS() == null || m.errorsPerS() == 0);
    }

    @Test
    void aReplicaThatCannotBeScrapedIsReportedWithTheReason() {
        runtime = LabFixture.localRuntime();
        scraper = new ServiceScraper(runtime, seen::add);
        scraper.scrape(new Replica("ml-api-9", LabService.ML, LabFixture.freePort(), ReplicaState.READY, Instant.now(), null, false,
                LabFixture.settings(Map.of())));
        assertThat(seen).singleElement().satisfies(m -> {
            assertThat(m.replica()).isEqualTo("ml-api-9");
            assertThat(m.scrapeError()).isEqualTo("scrape failed: connection refused");
            assertThat(m.requestsPerS()).isNull();
        });
    }

    private List<LiveEvent.Metrics> of(String service) {
        return seen.stream().filter(m -> m.service().equals(service)).toList();
    }

    private static boolean ready(ServiceRuntime rt, LabService s) {
        return rt.replicas(s).stream().anyMatch(r -> r.state() == ReplicaState.READY);
    }
}
