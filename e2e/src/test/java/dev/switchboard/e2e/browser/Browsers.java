package dev.switchboard.e2e.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.switchboard.e2e.platform.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Playwright driving Debian's Chromium ({@value #CHROMIUM}; Playwright downloads no browser), headless: one
 * Playwright and one browser per test JVM, a new {@link BrowserContext} (cookies, storage) per person. Screenshots and
 * page HTML go to {@code e2e/target/screenshots/}.
 */
public final class Browsers {

    public static final String CHROMIUM = "/usr/bin/chromium";
    /** How long a Playwright action or wait may take by default. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    /**
     * Without the background-networking flags Chromium keeps calling Google's services (updates, sync, safe browsing),
     * which on a closed network is a flood of refused connections.
     */
    static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static Playwright playwright;
    private static Browser browser;
    private static boolean hooked;

    private Browsers() {
    }

    /** The browser of this JVM, launched on first use; a shutdown hook closes it. */
    public static synchronized Browser browser() {
        if (browser == null) {
            if (!Files.isExecutable(Path.of(CHROMIUM))) {
                throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (apt-get install chromium); "
                        + ".ci/run does it");
            }
            long started = System.nanoTime();
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get(CHROMIUM))
                    .setHeadless(true)
                    .setArgs(ARGS));
            System.out.printf("browser: Chromium %s in %d ms%n", browser.version(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(Browsers::close, "e2e-browser-stop"));
                hooked = true;
            }
        }
        return browser;
    }

    /** A new context: its own cookies and storage, an English locale, a desktop viewport. */
    public static BrowserContext newContext() {
        BrowserContext context = browser().newContext(new Browser.NewContextOptions()
                .setLocale("en-US")
                .setViewportSize(1280, 900));
        context.setDefaultTimeout(TIMEOUT.toMillis());
        context.setDefaultNavigationTimeout(TIMEOUT.toMillis());
        return context;
    }

    /** Saves a full-page screenshot as {@code e2e/target/screenshots/<name>.png}. */
    public static Path screenshot(Page page, String name) {
        Path file = screenshotDir().resolve(fileName(name) + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** Saves the page's current HTML as {@code e2e/target/screenshots/<name>.html}. */
    public static Path saveHtml(Page page, String name) {
        Path file = screenshotDir().resolve(fileName(name) + ".html");
        try {
            Files.writeString(file, "<!-- " + page.url() + " -->\n" + page.content(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static Path screenshotDir() {
        Path dir = Workspace.targetDir().resolve("screenshots");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /** Closes the browser and Playwright (at the end of the run; the next {@link #browser()} launches them again). */
    static synchronized void close() {
        if (playwright != null) {
            playwright.close(); // closes the browser too
            playwright = null;
            browser = null;
        }
    }
}
