package org.acme.guestbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.acme.guestbook.local.LocalGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * What the browser tests share: headless Chromium, and per test a fresh gateway (the stack
 * `make run` starts: src/site, and /api/* forwarded to the function, which keeps its data in
 * S3Proxy) with the page loaded.
 */
abstract class BrowserPageTest {

    static final Path SCREENSHOTS = Path.of("target/e2e");
    static ChromeDriver driver;
    LocalGateway gateway;
    WebDriverWait wait;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBrowser() throws Exception {
        driver = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void openPage() throws Exception {
        gateway = new LocalGateway(0, Path.of("src/site"), URI.create("http://localhost:" + RestAssured.port));
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        Browser.viewport(driver, 1280, 1000, false);
        Browser.problems(driver);
        load();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    void load() {
        driver.get(gateway.url().toString());
        wait.until(d -> !d.findElement(By.id("version")).getText().equals("…"));
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    static String unique(String label) {
        return label + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    List<WebElement> messages() {
        return driver.findElements(By.cssSelector("#messages > li"));
    }

    void waitForTopMessage(String text) {
        wait.until(d -> !messages().isEmpty()
                && messages().get(0).findElement(By.className("message-text")).getText().equals(text));
    }

    void fillAndSend(String name, String text) {
        byId("name").clear();
        byId("name").sendKeys(name);
        byId("text").clear();
        byId("text").sendKeys(text);
        byId("send").click();
    }

    JsonPath api(String path) throws Exception {
        return JsonPath.from(http.send(HttpRequest.newBuilder(gateway.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    void postThroughApi(String name, String text) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"text\":\"" + text + "\"}";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        var response = http.send(HttpRequest.newBuilder(gateway.url().resolve("/api/messages"))
                .header("Content-Type", "application/json").header("x-amz-content-sha256", hash)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }

    /** axe-core's WCAG 2.1 A and AA rules and its best practices on the page as it is now: no violation. */
    void assertNoAxeViolations(String state) {
        var results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .analyze(driver);
        var violations = results.getViolations().stream()
                .map(rule -> rule.getId() + " (" + rule.getHelp() + ") at "
                        + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                .toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), violations, "axe-core, " + state);
        org.junit.jupiter.api.Assertions.assertTrue(results.getPasses().size() > 10, "axe-core ran its rules: " + state);
    }

    void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

}
