package lab.portal.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import lab.process.MachineTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * What every browser test drives: Debian's Chromium under Playwright (which downloads no browser),
 * headless and quiet, one per test class, against portals started from the repository.
 */
abstract class BrowserTest {
    static final Path REPO = Path.of(System.getProperty("lab.repo", "..")).toAbsolutePath().normalize();
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        Assumptions.assumeTrue(MachineTool.CHROMIUM.availableForTests(), MachineTool.CHROMIUM.missing());
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setHeadless(true)
                .setExecutablePath(Paths.get(System.getProperty("lab.chromium", "/usr/bin/chromium")))
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    /** axe-core, put into the page by the test (the page needs a context with bypassCSP), finds no serious or critical violation. */
    static void assertNoSeriousViolations(com.microsoft.playwright.Page page, String where) throws Exception {
        page.addScriptTag(new com.microsoft.playwright.Page.AddScriptTagOptions().setPath(Path.of(BrowserTest.class.getResource("/axe/axe.min.js").toURI())));
        @SuppressWarnings("unchecked")
        java.util.List<java.util.Map<String, Object>> violations = (java.util.List<java.util.Map<String, Object>>) page.evaluate("""
                async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))""");
        java.util.List<String> found = new java.util.ArrayList<>();
        violations.forEach(v -> {
            String line = v.get("id") + " (" + v.get("impact") + ") " + v.get("nodes");
            if (v.get("impact").equals("serious") || v.get("impact").equals("critical")) found.add(line);
            else System.out.println("axe-core, " + where + ", not asserted: " + line);
        });
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), found, where + ": axe-core's serious and critical violations");
    }

}
