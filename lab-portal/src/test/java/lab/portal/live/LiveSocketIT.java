package lab.portal.live;

import lab.portal.LabFixture;
import lab.portal.LabPortal;
import lab.portal.runtime.RuntimeEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code /live} on the real portal (a real server, real WebSocket clients): another origin cannot join,
 * a late page gets the recent history and no more, and a page that stops reading is dropped without
 * holding up the publisher or the pages that do read.
 */
@SpringBootTest(classes = LabPortal.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lab.runtime=local", "lab.data-dir=${java.io.tmpdir}/live-socket-it-${random.uuid}"})
class LiveSocketIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @LocalServerPort
    int port;
    @Autowired
    LiveFeed feed;
    private final List<WebSocket> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(WebSocket::abort);
    }

    /** The messages a page received, whole; {@code reading} false: it takes the first and then stops reading. */
    private static final class Page implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final boolean reading;
        private final StringBuilder partial = new StringBuilder();

        Page(boolean reading) {
            this.reading = reading;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            if (reading || messages.isEmpty()) ws.request(1);
            return null;
        }
    }

    private WebSocket join(String origin, Page page) {
        WebSocket ws = HTTP.newWebSocketBuilder().header("Origin", origin)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/live"), page).join();
        open.add(ws);
        return ws;
    }

    private String ownOrigin() {
        return "http://127.0.0.1:" + port;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void anotherOriginCannotJoinAndTheOwnOriginGetsTheHistoryFirst() throws Exception {
        assertThatThrownBy(() -> join("http://evil.example", new Page(true)))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        Page page = new Page(true);
        join(ownOrigin(), page);
        await("the history", () -> !page.messages.isEmpty());
        assertThat(LabFixture.JSON.readTree(page.messages.get(0)).path("type").asString()).isEqualTo("history");
    }

    @Autowired
    lab.portal.progress.LabProgress progress;

    /** A standing that changed while a page loaded (before its socket joined) reaches it with the history, not only with the next change. */
    @Test
    void aPageThatJoinsLateGetsTheLatestStanding() throws Exception {
        progress.skip("step-2");
        Page page = new Page(true);
        join(ownOrigin(), page);
        await("the history", () -> !page.messages.isEmpty());
        JsonNode standing = null;
        for (JsonNode e : LabFixture.JSON.readTree(page.messages.get(0)).path("events")) {
            if (e.path("type").asString().equals("standing")) standing = e.path("standing");
        }
        assertThat(standing).as("the history carries the standing").isNotNull();
        assertThat(standing.path("steps").get(1).path("skipped").asBoolean()).as("the latest one: step-2 skipped").isTrue();
    }

    @Test
    void aLatePageGetsTheRecentLogLinesAndNoMore() throws Exception {
        String replica = "history-it-" + port;
        for (int i = 0; i < 1000; i++) feed.log(new RuntimeEvents.LogLine(replica, Instant.now(), "line " + i));
        Page page = new Page(true);
        join(ownOrigin(), page);
        await("the history", () -> !page.messages.isEmpty());
        List<String> lines = new ArrayList<>();
        for (JsonNode e : LabFixture.JSON.readTree(page.messages.get(0)).path("events")) {
            if (e.path("type").asString().equals("log") && e.path("replica").asString().equals(replica)) lines.add(e.path("text").asString());
        }
        assertThat(lines).as("the last 400 lines, in order").hasSize(400).startsWith("line 600").endsWith("line 999");
    }

    @Test
    void aPageThatStopsReadingIsDroppedAndHoldsUpNeitherThePublisherNorAReadingPage() throws Exception {
        Page reader = new Page(true), stalled = new Page(false);
        join(ownOrigin(), reader);
        join(ownOrigin(), stalled);
        await("both pages joined", () -> feed.pages() == 2 && !reader.messages.isEmpty() && !stalled.messages.isEmpty());

        String kilobyte = "x".repeat(1024);
        // 1 KB lines at 20 MB/s until the page that reads nothing is dropped: that happens once the buffers
        // between here and it (the kernel's, the server's, the client's: how much varies by machine) and
        // its outbox are full. A publisher that wrote to that page itself would wait in one call (Tomcat's
        // blocking send gives up after 20 s); here no call may wait on a page at all.
        CompletableFuture<long[]> flood = CompletableFuture.supplyAsync(() -> {
            long slowest = 0, sent = 0, deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (feed.pages() == 2 && System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    long t0 = System.nanoTime();
                    feed.log(new RuntimeEvents.LogLine("flood", Instant.now(), kilobyte));
                    slowest = Math.max(slowest, System.nanoTime() - t0);
                    sent++;
                }
                LockSupport.parkNanos(5_000_000);
            }
            feed.log(new RuntimeEvents.LogLine("flood", Instant.now(), "the last line"));
            return new long[] {TimeUnit.NANOSECONDS.toMillis(slowest), sent + 1};
        });
        long[] slowestAndSent = flood.get(90, TimeUnit.SECONDS);
        assertThat(feed.pages()).as("the stalled page was dropped after " + slowestAndSent[1] + " lines").isEqualTo(1);
        assertThat(slowestAndSent[0]).as("the slowest publish (ms) did not wait on a page").isLessThan(2000);
        await("the reading page got everything up to the last line", () -> reader.messages.stream().anyMatch(m -> m.contains("the last line")));
        assertThat(reader.messages.stream().filter(m -> m.contains("\"flood\"")).count()).as("and nothing was lost on the way").isEqualTo(slowestAndSent[1]);
    }
}
