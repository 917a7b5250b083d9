package lab.portal.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import lab.process.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guided mode in a real browser against the real portal and real local services: a new learner lands on
 * Step 1, Next becomes the main action once the step's check holds, a reload keeps the step, Skip is
 * recorded and earns nothing, Run this step stops at a block made to fail and says which, and axe-core
 * finds no serious or critical violation in either view, light or dark, after blocks have run.
 */
class GuidedModeIT extends BrowserTest {
    @Test
    void aNewLearnerIsLedOneStepAtATime() throws Exception {
        int traditional = ServiceProcess.freePort(), ml = ServiceProcess.freePort();
        List<String> settings = List.of("--lab.runtime=local", "--lab.services.traditional.port=" + traditional, "--lab.services.ml.port=" + ml,
                "--lab.services.ml.model-uri=offline", "--lab.content=" + contentWithAFailingBlock());
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        // axe-core is put into the page by the test: the portal's CSP (script from 'self' only) would refuse it.
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900).setBypassCSP(true));
             PortalProcess portal = PortalProcess.start(REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(), settings)) {
            page.onConsoleMessage(m -> { if (m.type().equals("error")) failures.add("console: " + m.text()); });
            page.onPageError(e -> failures.add("page error: " + e));
            page.navigate(portal.uri("/").toString());
            page.locator("#connection.on").waitFor();
            assertTrue(page.locator("#step-1").isVisible(), "a new learner lands on Step 1");
            assertFalse(page.locator("#step-2").isVisible(), "one step at a time");
            assertEquals("step", page.locator("nav.toc li[data-step=step-1]").getAttribute("aria-current"));
            Locator next = page.locator("#step-1 .step-nav a.next");
            assertTrue(next.getAttribute("class").contains("secondary"), "Next is not the main action before the step's check holds");
            assertTrue(page.locator("#step-1 .step-check").boundingBox().y < page.locator("#step-1 .markdown").boundingBox().y,
                    "the step's check is shown at its top");

            // Step 1 typed into the page's terminal (in the background, so the shell stays free for Step 2).
            page.locator("#terminal-state").filter(new Locator.FilterOptions().setHasText("what you type here counts")).waitFor();
            page.keyboard().press("t");
            page.keyboard().type("java @traditional-api/jvm.options -jar traditional-api/target/traditional-api.jar &\n");
            try {
                page.locator(".step-check.done[data-step=step-1]").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            } catch (com.microsoft.playwright.TimeoutError e) {
                throw new AssertionError("Step 1 not done after typing its command; the terminal shows: " + terminalText(page), e);
            }
            page.locator("#step-1 .step-nav a.next:not(.secondary)").waitFor();
            List<ProcessHandle> shells = shells(portal);
            assertEquals(1, shells.size(), "one shell for the page: " + shells);

            next.click();
            page.waitForURL("**#step-2");
            assertShownAlone(page, "step-2", "step-1", "Next shows Step 2 alone");
            // Step 2's block typed line by line, as the guide shows it: the step's check takes it as the block's run.
            page.locator("#terminal textarea").focus();
            for (String line : List.of("curl -s -i http://127.0.0.1:${TRADITIONAL_PORT:-8001}/health; echo",
                    "curl -s -i http://127.0.0.1:${TRADITIONAL_PORT:-8001}/ready; echo", "curl -s http://127.0.0.1:${TRADITIONAL_PORT:-8001}/info; echo")) {
                page.keyboard().type(line + "\n");
            }
            try {
                page.locator(".step-check.done[data-step=step-2]").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            } catch (com.microsoft.playwright.TimeoutError e) {
                throw new AssertionError("Step 2 not done after typing its block; the terminal shows: " + terminalText(page), e);
            }
            assertTrue(page.locator("#block-step-2-1 pre.terminal").textContent().contains("(typed in the page's terminal)"),
                    page.locator("#block-step-2-1 pre.terminal").textContent());
            page.locator("#step-2 .step-nav a.next:not(.secondary)").click();
            page.waitForURL("**#step-3");
            List<ProcessHandle> oldShell = new java.util.ArrayList<>(shells(portal));
            assertEquals(1, oldShell.size(), "the page's shell: " + oldShell);
            oldShell.addAll(started(oldShell.getFirst(), "traditional-api.jar"));
            assertEquals(2, oldShell.size(), "the page's shell and the service it started: " + oldShell);
            page.reload();
            page.locator("#connection.on").waitFor();
            assertShownAlone(page, "step-3", "step-2", "a reload lands on the same step");
            // The reload closed the old page's shell, and with it the service that shell started: Step 1 no longer holds.
            for (ProcessHandle p : oldShell) {
                p.onExit().completeOnTimeout(null, 20, java.util.concurrent.TimeUnit.SECONDS).join();
                assertFalse(p.isAlive(), "pid " + p.pid() + " (" + p.info().commandLine().orElse("?") + ") outlived the page that opened its shell");
            }
            try {
                page.locator(".step-check.open[data-step=step-1]").waitFor(new Locator.WaitForOptions().setTimeout(30_000)
                        .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            } catch (com.microsoft.playwright.TimeoutError e) {
                throw new AssertionError("Step 1 still done with its service gone: " + page.request().get(portal.uri("/api/checklist").toString()).text()
                        .replaceAll("(?s).*?(\"step\":\"step-1\"[^}]*).*", "$1"), e);
            }
            assertTrue(page.locator("#progress-summary").getAttribute("href").endsWith("#step-1"),
                    "the header's progress links to the first step not done");

            String doneBefore = page.locator("#steps-done").textContent();
            page.locator("#step-3 .step-nav button.skip").click();
            page.waitForURL("**#step-4");
            page.locator(".step-check.skipped[data-step=step-3]").waitFor(new Locator.WaitForOptions().setState(
                    com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            String checklist = page.request().get(portal.uri("/api/checklist").toString()).text();
            assertTrue(checklist.matches("(?s).*\"step\":\"step-3\"[^}]*\"done\":false,\"skipped\":true.*"),
                    "a skip is recorded as skipped and not done: " + checklist);
            assertEquals(doneBefore, page.locator("#steps-done").textContent(), "a skip earns nothing");

            page.keyboard().press("p");
            page.waitForURL("**#step-3");
            page.keyboard().press("n");
            page.waitForURL("**#step-4");
            page.locator("#step-4 button.run-step").click();
            Locator status = page.locator("#step-4 .step-run-status.failed");
            status.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            assertEquals("stopped at block step-4-2 (exit 7, block 2 of 3): the block after it did not run. see block step-4-2", status.textContent());
            assertTrue(page.locator("#block-step-4-1 .block-status.ok").isVisible(), "the block before it ran");
            assertTrue(page.locator("#block-step-4-2 pre.terminal").textContent().contains("made to fail"));
            assertEquals("not run yet", page.locator("#block-step-4-3 .block-status").textContent(), "the block after it never ran");

            // A link to an experiment opens the step that holds it; its card runs there.
            page.navigate(portal.uri("/#experiment-startup").toString());
            page.locator("#connection.on").waitFor();
            Locator card = page.locator("#experiment-startup");
            assertTrue(card.isVisible() && !page.locator("#step-4").isVisible(), "the experiment's step is shown, alone");
            card.locator("input[name=repetitions]").fill("1");
            card.locator("button.run").click();
            card.locator(".run-status.PASSED, .run-status.CHECKS_FAILED, .run-status.FAILED").waitFor(new Locator.WaitForOptions().setTimeout(240_000));
            screenshots(page, "light");

            page.keyboard().press("?");
            assertTrue(page.locator("dialog#keys").isVisible(), "? lists the keys");
            page.keyboard().press("Escape");

            assertNoSeriousViolations(page, "guided view, light, after blocks ran");
            page.navigate(portal.uri("/?view=whole").toString());
            page.locator("#connection.on").waitFor();
            assertTrue(page.locator("#step-1").isVisible() && page.locator("#step-9").isVisible(), "the whole guide is still there");
            assertNoSeriousViolations(page, "the whole guide, light");
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
            page.reload();
            page.locator("#connection.on").waitFor();
            assertNoSeriousViolations(page, "the whole guide, dark");
            page.navigate(portal.uri("/#experiment-startup").toString());
            page.locator("#connection.on").waitFor();
            assertNoSeriousViolations(page, "guided view, dark");
            screenshots(page, "dark");
            String background = (String) page.evaluate("getComputedStyle(document.querySelector('section.step')).backgroundColor");
            assertEquals("rgb(17, 24, 39)", background, "dark mode follows prefers-color-scheme");
            assertEquals(List.of(), failures, "no script error on the page");
            List<ProcessHandle> open = shells(portal);
            assertFalse(open.isEmpty(), "the page has its shell");
            page.close();
            for (ProcessHandle shell : open) {
                assertTrue(shell.onExit().completeOnTimeout(null, 15, java.util.concurrent.TimeUnit.SECONDS).join() != null || !shell.isAlive(),
                        "closing the page ends its shell, pid " + shell.pid());
            }
            assertEquals(List.of(), shells(portal), "no shell is left");
        }
    }

    /**
     * The URL's fragment changes before the page's hashchange handler runs (the event is queued), so what is
     * shown is waited for, a few seconds at most, rather than read at once.
     */
    private static void assertShownAlone(Page page, String shown, String hidden, String what) {
        try {
            page.locator("#" + shown).waitFor(new Locator.WaitForOptions().setTimeout(5_000));
            page.locator("#" + hidden).waitFor(new Locator.WaitForOptions().setTimeout(5_000)
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.HIDDEN));
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError(what + ": #" + shown + " visible " + page.locator("#" + shown).isVisible()
                    + ", #" + hidden + " visible " + page.locator("#" + hidden).isVisible(), e);
        }
    }

    private static String terminalText(Page page) {
        return page.locator("#terminal .xterm-rows").innerText() + " [" + page.locator("#terminal-state").textContent() + "]";
    }

    /**
     * The pages' shells: the portal's own children running bash with the terminal's rc file (not the
     * short-lived copies of themselves a shell forks for its prompt's command substitution).
     */
    private static List<ProcessHandle> shells(PortalProcess portal) {
        return ProcessHandle.of(portal.pid()).orElseThrow().children()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains("lab-terminal-")).toList();
    }

    /** What the shell started whose command line shows {@code what}. */
    private static List<ProcessHandle> started(ProcessHandle shell, String what) {
        return shell.descendants().filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(what)).toList();
    }

    @Test
    void onlyThePortalsOwnPageGetsAShellOrASkip() throws Exception {
        List<String> settings = localPortal("--lab.terminal-limit=1");
        try (PortalProcess portal = PortalProcess.start(REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(), settings)) {
            OwnPage own = OwnPage.open(portal);
            HttpClient http = own.http();
            String token = own.token();
            for (String path : List.of("/api/steps/step-99/skip", "/api/steps/step-99/runs")) {
                HttpResponse<String> r = http.send(post(portal.uri(path), token, portal.uri("/")), HttpResponse.BodyHandlers.ofString());
                assertEquals(404, r.statusCode(), path + ": " + r.body());
                assertTrue(r.body().contains("step-99"), r.body());
            }
            HttpResponse<String> foreign = http.send(post(portal.uri("/api/steps/step-2/skip"), token, URI.create("http://evil.example")),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode(), "a skip from another origin is refused: " + foreign.body());
            HttpResponse<String> tokenless = http.send(HttpRequest.newBuilder(portal.uri("/api/steps/step-2/skip"))
                    .header("Origin", portal.uri("/").toString().replaceAll("/$", "")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, tokenless.statusCode(), "a skip without the CSRF token is refused: " + tokenless.body());

            URI terminal = own.terminal();
            assertEquals(403, handshake(http, terminal, "http://evil.example"), "a terminal from another origin is refused");
            assertEquals(403, handshake(http, URI.create(terminal.toString().replace(token, "forged")), own.origin()), "a terminal with a wrong token is refused");
            assertEquals(403, handshake(http, URI.create(terminal.toString().replaceAll("\\?csrf=.*", "")), own.origin()), "a terminal without the token is refused");
            // The limit (one, here): a second terminal is told why and closed; the first still works.
            Shell first = Shell.open(http, terminal, own.origin());
            first.type("echo one-$((40+2))\n");
            first.await("one-42");
            Shell second = Shell.open(http, terminal, own.origin());
            second.await("at most 1 terminals at once");
            assertEquals(1008, second.closed.get(10, java.util.concurrent.TimeUnit.SECONDS));

            // No shell outlives the portal, not even one killed with -9: the kernel hangs up the shell's terminal,
            // and the shell hangs up its jobs.
            first.type("sleep 300 & echo job-$((40+2))\n"); // the output, not the echoed line, says the job started
            first.await("job-42");
            List<ProcessHandle> shell = new java.util.ArrayList<>(shells(portal));
            assertEquals(1, shell.size(), "the open terminal's shell: " + shell);
            shell.addAll(started(shell.getFirst(), "sleep 300"));
            assertEquals(2, shell.size(), "the shell and its job: " + shell);
            portal.killHard();
            for (ProcessHandle p : shell) {
                p.onExit().completeOnTimeout(null, 15, java.util.concurrent.TimeUnit.SECONDS).join();
                assertFalse(p.isAlive(), "pid " + p.pid() + " (" + p.info().commandLine().orElse("?") + ") outlived the portal killed with -9");
            }
        }
        List<String> off = localPortal("--lab.terminal=false");
        try (PortalProcess portal = PortalProcess.start(REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(), off)) {
            OwnPage own = OwnPage.open(portal);
            assertTrue(own.html().contains("runs without a terminal (<code>--lab.terminal=false</code>)") && own.html().contains("export PATH="),
                    "the page says how to open a terminal by hand");
            int status = handshake(own.http(), own.terminal(), own.origin());
            assertTrue(status >= 400, "no terminal endpoint when it is off: " + status);
        }
        List<String> idle = localPortal("--lab.terminal-idle=2s");
        try (PortalProcess portal = PortalProcess.start(REPO, Files.createTempDirectory("portal-data"), PortalProcess.freePort(), idle)) {
            OwnPage own = OwnPage.open(portal);
            HttpClient http = own.http();
            String token = own.token();
            Shell quiet = Shell.open(http, own.terminal(), own.origin());
            assertEquals(4000, quiet.closed.get(20, java.util.concurrent.TimeUnit.SECONDS), "a shell nobody types in is closed after lab.terminal-idle");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!shells(portal).isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(List.of(), shells(portal), "and its shell is gone");
        }
    }

    /** The status a refused WebSocket handshake got (101 when it was accepted). */
    private static int handshake(HttpClient http, URI uri, String origin) {
        try {
            http.newWebSocketBuilder().header("Origin", origin).buildAsync(uri, new java.net.http.WebSocket.Listener() { }).join().abort();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) return refused.getResponse().statusCode();
            throw e;
        }
    }

    /** A terminal opened the way the page opens one, read as text. */
    private record Shell(java.net.http.WebSocket socket, StringBuffer seen, java.util.concurrent.CompletableFuture<Integer> closed) {
        static Shell open(HttpClient http, URI uri, String origin) {
            StringBuffer seen = new StringBuffer();
            var closed = new java.util.concurrent.CompletableFuture<Integer>();
            var socket = http.newWebSocketBuilder().header("Origin", origin).buildAsync(uri, new java.net.http.WebSocket.Listener() {
                @Override
                public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                    seen.append(data);
                    ws.request(1);
                    return null;
                }

                @Override
                public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket ws, java.nio.ByteBuffer data, boolean last) {
                    seen.append(java.nio.charset.StandardCharsets.UTF_8.decode(data));
                    ws.request(1);
                    return null;
                }

                @Override
                public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status, String reason) {
                    closed.complete(status);
                    return null;
                }
            }).join();
            return new Shell(socket, seen, closed);
        }

        void type(String keys) {
            socket.sendText("{\"type\":\"input\",\"data\":\"" + keys.replace("\n", "\\n") + "\"}", true).join();
        }

        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!seen.toString().contains(text)) {
                assertTrue(System.nanoTime() < deadline, "the terminal did not show '" + text + "': " + seen);
                Thread.sleep(50);
            }
        }
    }

    /** The guided view at 1400 and 800 px wide, for whoever reviews the look (target/guided-screenshots). */
    private static void screenshots(Page page, String theme) {
        Path dir = REPO.resolve("lab-portal/target/guided-screenshots");
        page.evaluate("location.hash = 'step-5'");
        for (int width : new int[]{1400, 800}) {
            page.setViewportSize(width, 900);
            page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("guided-" + width + "-" + theme + ".png")));
        }
        page.setViewportSize(1400, 900);
    }

    /** A portal on local processes and free ports, serving the offline model, with these settings too. */
    private static List<String> localPortal(String... settings) throws java.io.IOException {
        List<String> all = new java.util.ArrayList<>(List.of("--lab.runtime=local", "--lab.services.traditional.port=" + ServiceProcess.freePort(),
                "--lab.services.ml.port=" + ServiceProcess.freePort(), "--lab.services.ml.model-uri=offline"));
        all.addAll(List.of(settings));
        return all;
    }

    /** The portal's page as a client without a browser gets it: its HTML, the CSRF cookie's token, its origin. */
    private record OwnPage(HttpClient http, String html, String token, String origin, int port) {
        static OwnPage open(PortalProcess portal) throws Exception {
            java.net.CookieManager cookies = new java.net.CookieManager();
            HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
            String html = http.send(HttpRequest.newBuilder(portal.uri("/")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
            int port = portal.uri("/").getPort();
            return new OwnPage(http, html, token, "http://127.0.0.1:" + port, port);
        }

        /** The terminal's WebSocket as the page opens it, with the token. */
        URI terminal() {
            return URI.create("ws://127.0.0.1:" + port + "/terminal?csrf=" + token);
        }
    }

    private static HttpRequest post(URI uri, String token, URI origin) {
        return HttpRequest.newBuilder(uri).header("X-XSRF-TOKEN", token).header("Origin", origin.getScheme() + "://" + origin.getAuthority())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    /** axe-core (npm, sha-checked at build) on the page as it is now; serious and critical violations fail, with their nodes. */
    /** The real guide, with two blocks put before Step 4's own: one that succeeds, one made to fail. */
    private static Path contentWithAFailingBlock() throws java.io.IOException {
        Path dir = Files.createTempDirectory("content");
        Files.createDirectories(dir.resolve("content"));
        String guide = Files.readString(REPO.resolve("setup.md"));
        String step4 = "## Step 4 — Memory and throughput\nDuration: 10 min\n";
        assertTrue(guide.contains(step4), "setup.md still has Step 4 as this test knows it");
        guide = guide.replace(step4, step4 + "\n```bash\necho \"before the failure\"\n```\n\n```bash\necho \"made to fail\"; exit 7\n```\n");
        Files.writeString(dir.resolve("setup.md"), guide);
        Files.writeString(dir.resolve("content/lab.yaml"), Files.readString(REPO.resolve("content/lab.yaml")).replace("block: step-4-1", "block: step-4-3"));
        return dir.resolve("content/lab.yaml");
    }
}
