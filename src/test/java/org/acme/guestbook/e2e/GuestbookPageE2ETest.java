package org.acme.guestbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.acme.guestbook.messages.MessageRules;
import org.acme.guestbook.support.DisplayRuleCases;
import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The site in headless Chromium against the stack `make run` starts: the gateway serving
 * src/site and forwarding /api/* to the function, which keeps its data in S3Proxy.
 */
@Tag("e2e")
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class GuestbookPageE2ETest extends BrowserPageTest {

    @Test
    void loadsWithoutConsoleErrorsOrFailedRequests() {
        assertEquals(List.of(), Browser.problems(driver));
        assertEquals("Guestbook · serverless OIDC demo", driver.getTitle());
        assertTrue(byId("api-status").getText().isEmpty(), "no API warning");
        assertNoAxeViolations("loaded");
    }

    @Test
    void showsTheDeployedVersionAndCommit() throws Exception {
        JsonPath info = api("/api/info");
        assertEquals(info.getString("version"), byId("version").getText());
        String commit = info.getString("commit");
        assertEquals(commit.equals("unknown") ? "unknown" : commit.substring(0, 12), byId("commit").getText());
    }

    @Test
    void aPostedMessageAppearsAtTheTopAndStays() throws Exception {
        String text = unique("Hello from Chromium");
        fillAndSend("Browser", text);
        waitForTopMessage(text);
        screenshot("after-post");
        assertEquals("Message posted.", byId("status").getAttribute("textContent"), "what a screen reader hears");

        assertEquals("Browser", messages().get(0).findElement(By.className("message-name")).getText());
        assertEquals("", byId("text").getAttribute("value"), "the text field is cleared for the next message");
        assertEquals(List.of(), Browser.problems(driver), "the POST carried a valid x-amz-content-sha256");

        load();
        waitForTopMessage(text);
    }

    @Test
    void sendingAgainAfterALostAnswerStoresTheMessageOnce() throws Exception {
        gateway.loseTheNextPostAnswers(2);
        String text = unique("Posted once despite a lost answer");
        fillAndSend("Retry", text);
        // The visitor sees the failure and sends again, until the message is there.
        for (int click = 0; click < 3; click++) {
            wait.until(d -> !byId("form-error").getText().isEmpty() || topMessageIs(text));
            if (topMessageIs(text)) {
                break;
            }
            assertTrue(byId("form-error").getText().contains("try again"), byId("form-error").getText());
            byId("send").click();
        }
        waitForTopMessage(text);
        long stored = api("/api/messages?limit=50").getList("messages.text").stream().filter(text::equals).count();
        assertEquals(1, stored, "the function stored it on the first try; the second one replayed it");
        assertEquals(1, messages().stream().filter(m -> m.getText().contains(text)).count(), "and the page shows it once");
        Browser.problems(driver);

        String next = unique("A new message gets a new key");
        fillAndSend("Retry", next);
        waitForTopMessage(next);
        assertEquals(1, api("/api/messages?limit=50").getList("messages.text").stream().filter(next::equals).count());
    }

    private boolean topMessageIs(String text) {
        var all = messages();
        return !all.isEmpty() && all.get(0).findElement(By.className("message-text")).getText().equals(text);
    }

    @Test
    void pagesToOlderMessages() throws Exception {
        String prefix = unique("paging");
        for (int i = 0; i < 11; i++) {
            postThroughApi("Pager", prefix + " " + i);
        }
        load();
        wait.until(d -> messages().size() == 10);
        WebElement older = byId("older");
        assertTrue(older.isDisplayed(), "more than a page of messages offers older ones");
        assertEquals(prefix + " 10", messages().get(0).findElement(By.className("message-text")).getText());

        older.click();
        wait.until(d -> messages().size() > 10);
        assertEquals((messages().size() - 10) + " older " + (messages().size() == 11 ? "message" : "messages") + " loaded.",
                byId("status").getAttribute("textContent"));
        List<String> ids = messages().stream().map(item -> item.getAttribute("data-id")).toList();
        assertEquals(ids.stream().distinct().toList(), ids, "no message twice");
        assertEquals(ids.stream().sorted().toList(), ids, "still newest first");
        assertEquals(prefix + " 0", messages().get(10).findElement(By.className("message-text")).getText());
    }

    @Test
    void markupInAMessageIsShownAsTextAndNeverRuns() {
        String name = "<img src=x onerror=\"window.xss='name'\">";
        String text = "<script>window.xss='text'</script><b>not bold</b> " + UUID.randomUUID();
        fillAndSend(name, text);
        waitForTopMessage(text);

        WebElement top = messages().get(0);
        assertEquals(name, top.findElement(By.className("message-name")).getText());
        assertTrue(top.findElements(By.tagName("img")).isEmpty());
        assertTrue(top.findElements(By.tagName("script")).isEmpty());
        assertTrue(top.findElements(By.tagName("b")).isEmpty());
        assertNull(driver.executeScript("return window.xss;"), "no injected code ran");

        load();
        waitForTopMessage(text);
        assertNull(driver.executeScript("return window.xss;"), "not after a reload either");
    }

    @Test
    void aValidationErrorFromTheApiIsShownNextToTheField() {
        fillAndSend("x".repeat(MessageRules.MAX_NAME + 1), "too long a name");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name-error")));
        assertTrue(error.getText().contains("at most " + MessageRules.MAX_NAME), error.getText());
        assertEquals("true", byId("name").getAttribute("aria-invalid"));
        assertEquals("name", driver.switchTo().activeElement().getAttribute("id"), "focus moves to the field");
        assertEquals("too long a name", byId("text").getAttribute("value"), "what was typed is kept");
        assertFalse(byId("text-error").isDisplayed());
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePageJudgesEveryDisplayRuleCaseAsTheApiDoes() {
        var cases = DisplayRuleCases.all();
        var values = cases.stream().map(rule -> List.of(rule.name(), rule.text())).toList();
        var verdicts = (List<Map<String, Object>>) driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "import('/js/validate.js').then(m => done(arguments[0].map(([n, t]) => m.validate(n, t))));",
                values);
        for (int i = 0; i < cases.size(); i++) {
            var rule = cases.get(i);
            assertEquals(rule.ok() ? Map.of() : Set.of(rule.field()), rule.ok() ? verdicts.get(i) : verdicts.get(i).keySet(),
                    rule + ": " + verdicts.get(i));
        }
    }

    @Test
    void aRightToLeftNameCannotReorderTheDateAndALongMessageScrollsInItsBox() throws Exception {
        String text = unique("long") + "\n" + "line\n".repeat(MessageRules.MAX_LINE_BREAKS - 1) + "w".repeat(300);
        fillAndSend("أحمد", text);
        wait.until(d -> !messages().isEmpty() && messages().get(0).getText().contains("wwww")
                || !byId("text-error").getText().isEmpty() || !byId("form-error").getText().isEmpty());
        assertEquals("", byId("text-error").getText() + byId("form-error").getText());

        WebElement item = messages().get(0);
        WebElement name = item.findElement(By.className("message-name"));
        assertEquals("bdi", name.getTagName(), "the name is isolated from the text around it");
        assertEquals(0L, driver.executeScript("return arguments[0].querySelectorAll('time').length;", name),
                "the date is outside the name's direction");
        WebElement box = item.findElement(By.className("message-text"));
        long visible = (Long) driver.executeScript("return arguments[0].clientHeight;", box);
        long full = (Long) driver.executeScript("return arguments[0].scrollHeight;", box);
        assertTrue(full > visible && visible < 300, "the box is " + visible + " px high for " + full + " px of text");
        assertEquals("0", box.getAttribute("tabindex"), "a box that scrolls can be reached with the keyboard");
        assertEquals(List.of(), Browser.problems(driver));
    }

    @Test
    void saysSoWhenTheApiIsDownAndRecovers() throws Exception {
        Path bucket = S3ProxyResource.bucketDir();
        Path aside = bucket.resolveSibling("e2e-moved-away");
        Files.move(bucket, aside);
        try {
            driver.navigate().refresh();
            WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-status")));
            assertTrue(banner.getText().contains("not reachable"), banner.getText());

            fillAndSend("Patient", "sent while down");
            WebElement formError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-error")));
            assertTrue(formError.getText().contains("not reachable"), formError.getText());
            assertEquals("sent while down", byId("text").getAttribute("value"), "nothing typed is lost");
            assertEquals("form-error", driver.switchTo().activeElement().getAttribute("id"),
                    "focus goes to the error, not to the page");
            assertEquals("Could not reach the guestbook, retrying.", byId("status").getAttribute("textContent"));
            assertNoAxeViolations("API down");
        } finally {
            Files.move(aside, bucket);
        }
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("api-status")));
        assertTrue(!messages().isEmpty() || byId("list-state").getText().startsWith("No messages"), "the list is shown again");
        byId("send").click();
        waitForTopMessage("sent while down");
    }

    @Test
    void worksAtAPhoneSizedViewport() throws Exception {
        postThroughApi("W".repeat(MessageRules.MAX_NAME), "L".repeat(300));
        Browser.viewport(driver, 390, 844, true);
        load();
        Number overflow = (Number) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0, overflow.intValue(), "no sideways scrolling");
        long sendWidth = byId("send").getRect().getWidth();
        assertTrue(sendWidth <= 390, "the button fits");

        String text = unique("From a phone");
        fillAndSend("Phone", text);
        waitForTopMessage(text);
        Number afterPost = (Number) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0, afterPost.intValue());
        assertNoAxeViolations("phone viewport");
    }

    @Test
    void postsWithTheKeyboardAlone() {
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertEquals("name", driver.switchTo().activeElement().getAttribute("id"), "the first Tab reaches the name");
        String text = unique("Typed, tabbed, entered");
        new Actions(driver).sendKeys("Keyboard").sendKeys(Keys.TAB).sendKeys(text).sendKeys(Keys.TAB).perform();
        assertEquals("send", driver.switchTo().activeElement().getAttribute("id"));
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitForTopMessage(text);
        assertEquals("text", driver.switchTo().activeElement().getAttribute("id"), "ready for the next message");

        String second = unique("Control-Enter");
        new Actions(driver).sendKeys(second).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
        waitForTopMessage(second);
    }
}
