package lab.portal.deployment;

import lab.portal.LabFixture;
import lab.portal.content.GuideBlock;
import lab.portal.content.GuideStep;
import lab.portal.content.LabContent;
import lab.portal.content.StepCheck;
import tools.jackson.databind.JsonNode;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every block of the guide, in page order, run through a portal's API as the Run button does: each one
 * either achieves what its step says (exit 0, and the output its step's check expects), or the portal
 * refuses it with what it lacks there, or the block itself says which program is missing and exits 127.
 * Nothing passes by exiting 0 while achieving nothing.
 */
public final class GuideWalk {
    private final URI portal;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    public GuideWalk(URI portal) {
        this.portal = portal;
    }

    public void everyBlockAchievesItsStepOrSaysWhyNot() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(200); // sets the CSRF cookie
        JsonNode unrunnable = LabFixture.JSON.readTree(get("/api/blocks/unrunnable").body());
        LabContent lab = LabFixture.content();
        List<String> failures = new ArrayList<>();
        for (GuideStep step : lab.guide().steps()) {
            StepCheck check = lab.stepCheck(step.id());
            for (GuideBlock block : step.blocks()) {
                HttpResponse<String> started = post("/api/blocks/" + block.id() + "/runs");
                if (unrunnable.has(block.id())) {
                    assertThat(started.statusCode()).as(block.id() + " cannot run here: refused").isEqualTo(409);
                    assertThat(started.body()).as(block.id()).contains("cannot_run_here", "it needs");
                    System.out.printf("guide walk on %s: %s cannot run here: %s%n", portal, block.id(), unrunnable.get(block.id()));
                    continue;
                }
                assertThat(started.statusCode()).as(block.id() + ": " + started.body()).isEqualTo(202);
                JsonNode run = finished(block.id());
                String output = run.path("output").asString("");
                String status = run.path("status").asString();
                System.out.printf("guide walk on %s: %s %s (exit %s) after %s s%n", portal, block.id(), status, run.path("exit_code"), run.path("duration_s"));
                assertThat(run.path("duration_s").isNumber()).as(block.id() + ": a finished run says how long it took: " + run).isTrue();
                if (status.equals("FAILED") && run.path("exit_code").asInt() == 127) {
                    if (!output.contains("is not installed")) failures.add(block.id() + " exited 127 without saying what is missing: " + output);
                    continue;
                }
                if (!status.equals("SUCCEEDED")) {
                    boolean saysWhy = output.contains("does not answer") || output.contains("is not installed");
                    if (!saysWhy) failures.add(block.id() + " " + status + " (exit " + run.path("exit_code") + "): " + tail(output));
                    continue;
                }
                if (check != null && block.id().equals(check.block())) {
                    for (Pattern p : check.patterns()) {
                        if (!p.matcher(output).find()) failures.add(block.id() + " exited 0 but does not show /" + p.pattern() + "/: " + tail(output));
                    }
                }
            }
        }
        assertThat(failures).as("blocks of the guide that did not achieve their step in this portal").isEmpty();
    }

    /** Runs an experiment with its defaults, as its Run button does, and returns the finished run. */
    public JsonNode experiment(String id) throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> started = post("/api/experiments/" + id + "/runs");
        assertThat(started.statusCode()).as(id + ": " + started.body()).isEqualTo(202);
        long runId = LabFixture.JSON.readTree(started.body()).path("run_id").asLong();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode run = LabFixture.JSON.readTree(get("/api/runs/" + runId).body());
            if (!run.path("status").asString().equals("RUNNING")) return run;
            Thread.sleep(500);
        }
        throw new AssertionError("experiment " + id + " did not end within 10 minutes");
    }

    private JsonNode finished(String block) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/api/blocks/" + block + "/runs/latest");
            if (r.statusCode() == 200) {
                JsonNode run = LabFixture.JSON.readTree(r.body());
                if (!run.path("status").asString().equals("RUNNING")) return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("block " + block + " did not end within 5 minutes");
    }

    private static String tail(String output) {
        return output.length() > 1500 ? "…" + output.substring(output.length() - 1500) : output;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(portal.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        return http.send(HttpRequest.newBuilder(portal.resolve(path)).header("X-XSRF-TOKEN", token).header("Origin", portal.getScheme() + "://" + portal.getRawAuthority())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
