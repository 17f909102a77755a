package org.acme.guestbook.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium from the system (Debian's chromium and chromium-driver packages), or the
 * browser and driver named by CHROME_BIN and CHROMEDRIVER. Without one the browser tests are
 * skipped with a message, except in CI (CI is set), where a missing browser fails the run.
 */
final class Browser {

    private static final Path CHROME = Path.of(env("CHROME_BIN", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(env("CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Browser() {
    }

    static ChromeDriver start() throws Exception {
        requireInstalled();
        var options = new ChromeOptions();
        options.setBinary(CHROME.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("chromium-e2e"));
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** The browser console's warnings and errors since the last call, failed requests included. */
    static List<LogEntry> problems(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
    }

    /** Sets the viewport (not the window) to the given CSS size, like a phone. */
    static void viewport(ChromeDriver driver, int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", mobile));
    }

    private static void requireInstalled() {
        if (Files.isExecutable(CHROME) && Files.isExecutable(DRIVER)) {
            return;
        }
        String message = "No browser for the end-to-end tests: " + CHROME + " or " + DRIVER + " is missing. "
                + "Install Debian's packages (apt-get install chromium chromium-driver) "
                + "or set CHROME_BIN and CHROMEDRIVER.";
        if (System.getenv("CI") != null) {
            Assertions.fail(message + " In CI the browser tests must run.");
        }
        System.err.println("[e2e] SKIPPED: " + message);
        Assumptions.abort(message);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
