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
}
