package org.acme.guestbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.acme.guestbook.messages.MessageRules;
import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the automated scores do not check, for keyboard and screen-reader users: contrast of the
 * focus ring and the fields' edges, one status region that says what happened, regions that are
 * there from the start, focus that is never lost, the message field's name and description, and
 * validation in the browser, of every field at once, without a request.
 */
@Tag("e2e")
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class PageAccessibilityE2ETest extends BrowserPageTest {

    // WCAG's contrast ratio of two CSS colours as getComputedStyle writes them (rgb(...)).
    private static final String CONTRAST = """
            const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            const luminance = (c) => { const [r, g, b] = rgb(c); return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
            const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
            """;

    private double contrast(String script) {
        return ((Number) driver.executeScript(CONTRAST + script)).doubleValue();
    }

    @Test
    void theFocusRingAndTheFieldsEdgesStandOutAtLeastThreeToOne() {
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertEquals("name", driver.switchTo().activeElement().getAttribute("id"));
        String card = "getComputedStyle(document.querySelector('.card')).backgroundColor";
        String page = "getComputedStyle(document.documentElement).backgroundColor";
        String ring = "getComputedStyle(document.activeElement).outlineColor";
        double onCard = contrast("return ratio(" + ring + ", " + card + ");");
        double onPage = contrast("return ratio(" + ring + ", " + page + ");");
        double fieldEdge = contrast("return ratio(getComputedStyle(document.getElementById('text')).borderTopColor, " + card + ");");
        assertTrue(onCard >= 3, "focus ring on the card: " + onCard);
        assertTrue(onPage >= 3, "focus ring on the page: " + onPage);
        assertTrue(fieldEdge >= 3, "a field's border on the card: " + fieldEdge);
    }

    @Test
    void theMessageFieldIsNamedMessageAndDescribedByItsCounter() {
        var text = byId("text");
        assertEquals("Message", text.getAccessibleName());
        assertTrue(text.getAttribute("aria-describedby").contains("text-count"), text.getAttribute("aria-describedby"));
        assertEquals("0 of " + MessageRules.MAX_TEXT + " characters", byId("text-count").getText());
        text.sendKeys("Grüße 👋");
        assertEquals("7 of " + MessageRules.MAX_TEXT + " characters", byId("text-count").getText(), "counted in characters, like the API");
        assertTrue(byId("text-hint").getText().contains("⌘+Enter on a Mac"), byId("text-hint").getText());
    }

    @Test
    void emptyFieldsAreAllCaughtInTheBrowserWithoutARequest() throws Exception {
        int before = api("/api/messages?limit=50").getList("messages").size();
        Browser.problems(driver);
        byId("send").click();

        assertEquals("Please enter your name.", byId("name-error").getText());
        assertEquals("Please write a message.", byId("text-error").getText());
        assertEquals("true", byId("name").getAttribute("aria-invalid"));
        assertEquals("true", byId("text").getAttribute("aria-invalid"));
        assertEquals("name", driver.switchTo().activeElement().getAttribute("id"), "focus on the first field at fault");
        assertEquals(List.of(), Browser.problems(driver), "no request, so no 400 in the console");
        assertEquals(before, api("/api/messages?limit=50").getList("messages").size(), "nothing stored");
        assertNoAxeViolations("validation errors");

        byId("name").sendKeys("N".repeat(MessageRules.MAX_NAME + 1));
        byId("text").sendKeys("fine");
        byId("send").click();
        assertEquals("Your name is " + (MessageRules.MAX_NAME + 1) + " characters long; at most " + MessageRules.MAX_NAME
                + " fit.", byId("name-error").getText());
        assertEquals("", byId("text-error").getText(), "the text is fine now");
    }

    @Test
    void theStatusBannerAndErrorsAreInThePageFromTheStartAndTheListIsNoLiveRegion() {
        for (String id : List.of("api-status", "form-error", "name-error", "text-error", "status")) {
            var element = byId(id);
            assertNull(element.getAttribute("hidden"), id + " is not hidden, only empty");
            assertEquals("", element.getAttribute("textContent"), id + " is empty");
        }
        assertEquals("status", byId("status").getAttribute("role"));
        assertEquals("alert", byId("form-error").getAttribute("role"));
        assertNull(byId("messages").getAttribute("aria-live"), "the list is not read out on every load");
        assertTrue(byId("status").getRect().getWidth() <= 1 && byId("status").getRect().getHeight() <= 1,
                "the status region is for screen readers only");
        assertTrue(byId("list-state").getText().isEmpty() || byId("list-state").getText().startsWith("No messages"),
                "no Loading… left once loaded: " + byId("list-state").getText());
    }

    @Test
    void theBusyButtonKeepsTheFocus() {
        byId("name").sendKeys("Keyboard");
        byId("text").sendKeys("focus test " + System.nanoTime());
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertEquals("send", driver.switchTo().activeElement().getAttribute("id"));
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        wait.until(d -> "Message posted.".equals(byId("status").getAttribute("textContent")));
        assertEquals("text", driver.switchTo().activeElement().getAttribute("id"), "ready for the next message");
        assertNull(byId("send").getAttribute("disabled"), "never disabled: aria-disabled while busy");
    }

    @Test
    void anApiErrorTheBrowserCannotFindStillShowsNextToItsField() {
        // A control character passes the browser's checks (they mirror lengths and emptiness) but not the API's.
        driver.executeScript("document.getElementById('name').value = 'bell\\u0007';");
        byId("text").sendKeys("the API is the authority");
        byId("send").click();
        var error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name-error")));
        assertTrue(error.getText().contains("control character"), error.getText());
        assertEquals("name", driver.switchTo().activeElement().getAttribute("id"));
    }

    @Test
    void theLayoutKeepsRoomForTheScrollbarAndPreloadsEveryModule() throws Exception {
        assertEquals("stable", driver.executeScript("return getComputedStyle(document.documentElement).scrollbarGutter;"));
        @SuppressWarnings("unchecked")
        var preloaded = (List<String>) driver.executeScript("return [...document.querySelectorAll('link[rel=modulepreload]')]"
                + ".map((link) => link.getAttribute('href'));");
        try (var files = Files.list(Path.of("src/site/js"))) {
            var modules = files.map(file -> "js/" + file.getFileName()).filter(name -> !name.equals("js/app.js")).sorted().toList();
            assertEquals(modules, preloaded.stream().sorted().toList(), "every module app.js imports, fetched at once");
        }
        var headers = http.send(java.net.http.HttpRequest.newBuilder(gateway.url()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).headers();
        assertEquals("same-origin", headers.firstValue("Cross-Origin-Opener-Policy").orElse(null));
        assertTrue(headers.firstValue("Content-Security-Policy").orElse("").contains("require-trusted-types-for 'script'"));
    }

    @Test
    void theFirstHeadingOfACardHasNoExtraTopMargin() {
        assertEquals("0px", driver.executeScript("return getComputedStyle(document.getElementById('form-title')).marginTop;"));
    }
}
