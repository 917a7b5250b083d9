package lab.portal.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import lab.portal.LabFixture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workshop on one machine: a class portal whose endpoint for learners listens on 127.0.0.2 (standing for
 * the room's address), and two learner portals on 127.0.0.1 that run Experiments 1 and 2 for real on local
 * processes and send their reports with "Send to my class". The instructor's page is read over HTTP and in
 * a real browser, where a report that arrives later shows up live.
 */
class ClassPortalIT extends BrowserTest {
    private static final String CODE = "it-class-code";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A learner's own portal, driven through its API with its CSRF cookie, as its page would. */
    private record Learner(PortalProcess portal, HttpClient http, CookieManager cookies) implements AutoCloseable {
        static Learner start() throws Exception {
            List<String> settings = List.of("--lab.runtime=local", "--lab.services.traditional.port=" + LabFixture.freePort(),
                    "--lab.services.ml.port=" + LabFixture.freePort(), "--lab.services.ml.model-uri=offline");
            CookieManager cookies = new CookieManager();
            Learner l = new Learner(PortalProcess.start(REPO, Files.createTempDirectory("learner"), PortalProcess.freePort(), settings),
                    HttpClient.newBuilder().cookieHandler(cookies).build(), cookies);
            l.http.send(HttpRequest.newBuilder(l.portal.uri("/")).build(), HttpResponse.BodyHandlers.discarding());
            return l;
        }

        HttpResponse<String> post(String path, String json) throws Exception {
            String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue)
                    .findFirst().orElseThrow();
            return http.send(HttpRequest.newBuilder(portal.uri(path)).header("X-XSRF-TOKEN", token).header("Content-Type", "application/json")
                    .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode get(String path) throws Exception {
            return LabFixture.JSON.readTree(http.send(HttpRequest.newBuilder(portal.uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }

        /** Runs the experiment from the API and waits for its end; returns the run. */
        JsonNode run(String experiment, String parameters) throws Exception {
            HttpResponse<String> started = post("/api/experiments/" + experiment + "/runs", parameters);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = LabFixture.JSON.readTree(started.body()).path("run_id").asLong();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                JsonNode run = get("/api/runs/" + id);
                if (!run.path("status").asString().equals("RUNNING")) return run;
                assertThat(System.nanoTime()).as(experiment + " still running").isLessThan(deadline);
                Thread.sleep(250);
            }
        }

        @Override
        public void close() throws InterruptedException {
            portal.close();
        }
    }

    private HttpResponse<String> report(URI reports, String name, String code, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(reports + "?name=" + name)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (code != null) r.header("X-Class-Code", code);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode spread(JsonNode view, String experiment, String figure) {
        for (JsonNode f : view.path("figures")) {
            if (f.path("experiment").asString().equals(experiment) && f.path("figure").asString().equals(figure)) return f;
        }
        throw new AssertionError("the class shows no " + experiment + ":" + figure + " in " + view);
    }

    @Test
    void aClassSeesEveryLearnersMeasurementsSideBySide() throws Exception {
        int classPort = PortalProcess.freePort();
        List<String> settings = List.of("--lab.runtime=local", "--lab.services.traditional.port=" + LabFixture.freePort(),
                "--lab.services.ml.port=" + LabFixture.freePort(), "--lab.class.name=Workshop IT", "--lab.class.code=" + CODE,
                "--lab.class.address=127.0.0.2", "--lab.class.port=" + classPort);
        try (PortalProcess classPortal = PortalProcess.start(REPO, Files.createTempDirectory("class"), PortalProcess.freePort(), settings)) {
            URI room = URI.create("http://127.0.0.2:" + classPort);
            URI reports = room.resolve("/api/class/reports");

            // Two learners, one after the other (one 2-core machine): Experiments 1 and 2, then Send to my class.
            Map<String, Double> readyByLearner = new LinkedHashMap<>();
            String adasReport = null;
            for (String name : List.of("Ada", "Grace")) {
                try (Learner learner = Learner.start()) {
                    assertThat(learner.run("startup", "{\"parameters\":{\"repetitions\":1}}").path("status").asString()).isIn("PASSED", "CHECKS_FAILED");
                    assertThat(learner.run("health", null).path("status").asString()).isIn("PASSED", "CHECKS_FAILED");
                    HttpResponse<String> sent = learner.post("/api/class/send", "{\"url\":\"" + room + "\",\"code\":\"" + CODE + "\",\"name\":\"" + name + "\"}");
                    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
                    JsonNode receipt = LabFixture.JSON.readTree(sent.body());
                    assertThat(receipt.path("receipt").path("runs").asInt()).isEqualTo(2);
                    assertThat(receipt.path("receipt").path("learner").asString()).isEqualTo(name);
                    JsonNode own = learner.get("/report.json");
                    for (JsonNode run : own.path("runs")) {
                        if (run.path("experiment").asString().equals("startup")) readyByLearner.put(name, run.path("figures").path("ml.ready_s.median").asDouble());
                    }
                    if (name.equals("Ada")) adasReport = own.toString();
                    HttpResponse<String> wrong = learner.post("/api/class/send", "{\"url\":\"" + room + "\",\"code\":\"not-it\",\"name\":\"" + name + "\"}");
                    assertThat(wrong.statusCode()).isEqualTo(502);
                    assertThat(wrong.body()).contains("answered 401", "not this class's code");
                }
            }

            JsonNode view = LabFixture.JSON.readTree(get(classPortal.uri("/api/class")).body());
            assertThat(view.path("name").asString()).isEqualTo("Workshop IT");
            assertThat(view.path("learners").findValuesAsString("name")).containsExactly("Ada", "Grace");
            JsonNode ready = spread(view, "startup", "ml.ready_s.median");
            Map<String, Double> shown = new LinkedHashMap<>();
            // Both ran Experiment 1 with one repetition instead of the content's three: their runs are set apart from default ones.
            assertThat(ready.path("defaults").path("points")).as("no run of Experiment 1 with the content's parameters").isEmpty();
            ready.path("changed").path("points").forEach(p -> shown.put(p.path("learner").asString(), p.path("value").asDouble()));
            assertThat(shown).as("each learner's own figure, as their portal measured it").isEqualTo(readyByLearner);
            assertThat(ready.path("changed").path("median").asDouble()).as("the median of two: their mean")
                    .isCloseTo((readyByLearner.get("Ada") + readyByLearner.get("Grace")) / 2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(spread(view, "health", "ml.live_not_ready_s").path("defaults").path("points")).as("Experiment 2 ran with its defaults").hasSize(2);

            // The endpoint's refusals: no code, a wrong one, an oversized body; the same name replaces the earlier report.
            assertThat(report(reports, "Ada", null, adasReport).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = report(reports, "Ada", "guess", adasReport);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("\"error\":\"wrong_class_code\"");
            HttpResponse<String> huge = report(reports, "Ada", CODE, "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            assertThat(huge.statusCode()).isEqualTo(413);
            assertThat(report(reports, "Ada", CODE, "{\"format\":\"something else\"}").statusCode()).isEqualTo(400);
            assertThat(report(reports, "ada", CODE, adasReport).statusCode()).isEqualTo(200);
            assertThat(LabFixture.JSON.readTree(get(classPortal.uri("/api/class")).body()).path("learners")).as("Ada's later report replaced hers").hasSize(2);

            // A forged report: its startup run says every check passed and its step is done, with figures that fail ml-ready-later.
            ObjectNode forged = (ObjectNode) LabFixture.JSON.readTree(adasReport);
            for (JsonNode run : forged.path("runs")) {
                if (!run.path("experiment").asString().equals("startup")) continue;
                ((ObjectNode) run.path("figures")).put("ml.ready_s.min", 0.01).put("traditional.ready_s.max", 5.0);
                run.path("checks").forEach(c -> ((ObjectNode) c).put("passed", true).put("outcome", "PASSED"));
            }
            forged.path("steps").forEach(s -> ((ObjectNode) s).put("done", true));
            HttpResponse<String> judged = report(reports, "Mallory", CODE, forged.toString());
            assertThat(judged.statusCode()).as(judged.body()).isEqualTo(200);
            assertThat(LabFixture.JSON.readTree(judged.body()).path("checks_failed").asInt()).as("judged on its figures: " + judged.body()).isPositive();
            view = LabFixture.JSON.readTree(get(classPortal.uri("/api/class")).body());
            JsonNode mallory = null;
            for (JsonNode l : view.path("learners")) if (l.path("name").asString().equals("Mallory")) mallory = l;
            assertThat(mallory).isNotNull();
            assertThat(mallory.path("checks_failed").asInt()).isPositive();
            JsonNode step5 = null;
            for (JsonNode s : view.path("steps")) if (s.path("step").asString().equals("step-5")) step5 = s;
            assertThat(step5.path("stuck").asInt()).as("Mallory's step 5 is stuck on the check her figures fail: " + step5).isEqualTo(1);
            assertThat(step5.path("common_failure").path("check").asString()).isEqualTo("ml-ready-later");

            // The room's address takes reports only: the instructor's page, its data and every control are refused there.
            for (String path : List.of("/class", "/api/class", "/api/class.csv", "/", "/api/checklist")) {
                HttpResponse<String> refused = get(room.resolve(path));
                assertThat(refused.statusCode()).as(path + " from the room's address").isEqualTo(403);
                assertThat(refused.body()).contains("instructor_only");
            }
            HttpResponse<String> control = http.send(HttpRequest.newBuilder(room.resolve("/api/services/traditional-api/start"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(control.statusCode()).isEqualTo(403);
            HttpResponse<String> csv = get(classPortal.uri("/api/class.csv"));
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body().lines().filter(l -> l.contains(",startup,ml.ready_s.median,"))).hasSize(3);

            // The class page in a browser: every learner, the spread with its median, and a report that arrives later, live.
            try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1300, 900).setBypassCSP(true))) {
                List<String> errors = new ArrayList<>();
                page.onPageError(e -> errors.add(e));
                page.navigate(classPortal.uri("/class").toString());
                page.locator("#connection.on").waitFor();
                page.locator("#learners tr[data-learner=Mallory]").waitFor();
                assertThat(page.locator("#learners tbody tr").count()).isEqualTo(3);
                Locator strip = page.locator(".figure-spread.changed[data-figure='startup:ml.ready_s.median']");
                assertThat(strip.locator("circle").count()).isEqualTo(3);
                assertThat(strip.locator("rect.median").count()).isEqualTo(1);
                assertThat(page.locator("#stalls tr[data-step=step-5] td.stuck").textContent()).isEqualTo("1");
                assertNoSeriousViolations(page, "the class page");
                assertThat(report(reports, "Lin", CODE, adasReport).statusCode()).isEqualTo(200);
                page.locator("#learners tr[data-learner=Lin]").waitFor(new Locator.WaitForOptions().setTimeout(10_000));
                assertThat(strip.locator("circle").count()).isEqualTo(4);
                assertThat(errors).isEmpty();
                page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/class-page.png")).setFullPage(true));
            }
        }
    }
}
