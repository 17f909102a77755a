package org.acme.guestbook;

import static org.acme.guestbook.support.RecordedFunctionUrlEvent.get;
import static org.acme.guestbook.support.RecordedFunctionUrlEvent.postJson;
import static org.acme.guestbook.support.RecordedFunctionUrlEvent.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.messages.MessageRules;
import org.acme.guestbook.support.DefaultAppName;
import org.acme.guestbook.support.FunctionCall;
import org.acme.guestbook.support.RecordedFunctionUrlEvent;
import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The function as Lambda runs it: Function URL events go through Quarkus' mock Lambda event
 * server to the handler, which stores messages in a real S3 API server.
 */
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class GuestbookFunctionTest {

    private static String message(String name, String text) {
        return "{\"name\":\"" + name + "\",\"text\":\"" + text + "\"}";
    }

    private static FunctionCall post(String json) {
        return FunctionCall.send(postJson("/api/messages", json));
    }

    private static void assertError(FunctionCall call, int status, String code) {
        assertEquals(status, call.status(), call.body());
        assertEquals(code, call.json().getString("error"));
        String sentence = call.json().getString("message");
        assertTrue(sentence != null && sentence.endsWith("."), "a sentence for people: " + sentence);
        assertFalse(call.body().contains("Exception") || call.body().contains("\tat "), "no stack trace: " + call.body());
        assertApiHeaders(call);
    }

    private static void assertApiHeaders(FunctionCall call) {
        assertApiHeaders(call, "no-store");
    }

    /** A page of messages may be shared from CloudFront's cache for 5 s, never kept by the browser; nothing else is cached. */
    private static void assertApiHeaders(FunctionCall call, String cacheControl) {
        assertEquals("application/json; charset=utf-8", call.header("Content-Type"));
        assertEquals(cacheControl, call.header("Cache-Control"));
        assertEquals("nosniff", call.header("X-Content-Type-Options"));
    }

    @Test
    void postStoresAMessageAndPointsToIt() {
        FunctionCall created = post(message("  Ada  ", "Hello from the test\\nsecond line"));

        assertEquals(201, created.status(), created.body());
        assertApiHeaders(created);
        String id = created.json().getString("id");
        assertEquals("/api/messages/" + id, created.header("Location"));
        assertEquals("Ada", created.json().getString("name"));
        assertEquals("Hello from the test\nsecond line", created.json().getString("text"));
        assertTrue(created.json().getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));

        FunctionCall fetched = FunctionCall.send(get(created.header("Location")));
        assertEquals(200, fetched.status());
        assertEquals(created.json().getMap(""), fetched.json().getMap(""));
    }

    @Test
    void acceptsABase64EncodedBodyAndAnyUnicode() {
        String name = "🚀".repeat(MessageRules.MAX_NAME);
        FunctionCall created = FunctionCall.send(request("POST", "/api/messages")
                .header("content-type", "application/json; charset=utf-8")
                .base64Body(message(name, "Grüße, こんにちは, مرحبا")));

        assertEquals(201, created.status(), created.body());
        assertEquals(name, created.json().getString("name"));
        assertEquals("Grüße, こんにちは, مرحبا", created.json().getString("text"));
    }

    @Test
    void listsNewestFirstAndPagesWithACursor() {
        for (int i = 0; i < 3; i++) {
            assertEquals(201, post(message("Pager", "message " + i)).status());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RecordedFunctionUrlEvent event = cursor == null
                    ? get("/api/messages").query("limit=2", "limit", "2")
                    : get("/api/messages").query("limit=2&cursor=" + cursor, "limit", "2", "cursor", cursor);
            FunctionCall page = FunctionCall.send(event);
            assertEquals(200, page.status(), page.body());
            assertApiHeaders(page, "public, max-age=0, s-maxage=5");
            List<String> ids = page.json().getList("messages.id", String.class);
            assertTrue(ids.size() <= 2);
            seen.addAll(ids);
            cursor = page.json().getString("next");
            pages++;
        } while (cursor != null && pages < 100);

        assertTrue(pages >= 2, "three new messages need at least two pages of two");
        assertEquals(seen.stream().distinct().toList(), seen, "no message on two pages");
        assertEquals(seen.stream().sorted().toList(), seen, "ids sort newest first");
        FunctionCall first = FunctionCall.send(get("/api/messages"));
        assertEquals("message 2", first.json().getString("messages[0].text"), "the newest message comes first");
    }

    @Test
    void lastPageHasNoNextCursor() {
        post(message("Solo", "only"));
        FunctionCall page = FunctionCall.send(get("/api/messages").query("limit=50", "limit", "50"));
        assertEquals(200, page.status());
        assertNull(page.json().getString("next"));
    }

    @Test
    void infoTellsWhichBuildRunsAndThatItRunsLocally() {
        FunctionCall info = FunctionCall.send(get("/api/info"));

        assertEquals(200, info.status());
        assertApiHeaders(info);
        Map<String, Object> body = info.json().getMap("");
        assertEquals(List.of("app", "version", "commit", "builtAt", "region", "functionVersion", "coldStart"),
                new ArrayList<>(body.keySet()));
        assertEquals(DefaultAppName.VALUE, body.get("app"));
        assertEquals("local", body.get("region"));
        assertEquals("local", body.get("functionVersion"));
        assertTrue(body.get("coldStart") instanceof Boolean);
        assertTrue(((String) body.get("commit")).matches("[0-9a-f]{40}|unknown"), "commit: " + body.get("commit"));
    }

    /** make deploy's check of a new version (infra/scripts/check-version.sh) sends exactly this file. */
    @Test
    void theRequestThatChecksANewVersionBeforeTrafficGetsTheBuildInfo() throws Exception {
        FunctionCall info = FunctionCall.send(Files.readString(Path.of("infra/scripts/pre-traffic-request.json")));

        assertEquals(200, info.status(), info.body());
        assertTrue(((String) info.json().getMap("").get("commit")).matches("[0-9a-f]{40}|unknown"), info.body());
    }

    @Test
    void healthIsOkWhenTheBucketAnswers() {
        FunctionCall health = FunctionCall.send(get("/api/health"));
        assertEquals(200, health.status());
        assertEquals("ok", health.json().getString("status"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                 | {name:                                      | malformed_json | ",
            "a JSON array             | []                                          | malformed_json | ",
            "a JSON string            | \"hello\"                                   | malformed_json | ",
            "duplicate keys           | {\"name\":\"a\",\"name\":\"b\",\"text\":\"t\"} | malformed_json | ",
            "trailing data            | {\"name\":\"a\",\"text\":\"t\"} {}          | malformed_json | ",
            "missing name             | {\"text\":\"t\"}                            | invalid_field  | name",
            "missing text             | {\"name\":\"a\"}                            | invalid_field  | text",
            "null name                | {\"name\":null,\"text\":\"t\"}              | invalid_field  | name",
            "name not a string        | {\"name\":42,\"text\":\"t\"}                | invalid_field  | name",
            "blank name               | {\"name\":\"   \",\"text\":\"t\"}           | invalid_field  | name",
            "empty text               | {\"name\":\"a\",\"text\":\"\"}              | invalid_field  | text",
            "newline in name          | {\"name\":\"a\\nb\",\"text\":\"t\"}         | invalid_field  | name",
            "control char in text     | {\"name\":\"a\",\"text\":\"bell\\u0007\"}   | invalid_field  | text",
            "lone surrogate           | {\"name\":\"a\\ud800\",\"text\":\"t\"}      | invalid_field  | name",
            "unknown field            | {\"name\":\"a\",\"text\":\"t\",\"admin\":true} | invalid_field | admin",
    })
    void refusesInvalidMessagesNamingTheProblem(String title, String body, String code, String field) {
        FunctionCall call = post(body.strip());
        assertError(call, 400, code);
        assertEquals(field, call.json().getString("field"));
    }

    @Test
    void refusesNamesAndTextsThatAreTooLong() {
        FunctionCall longName = post(message("n".repeat(MessageRules.MAX_NAME + 1), "t"));
        assertError(longName, 400, "invalid_field");
        assertTrue(longName.json().getString("message").contains(String.valueOf(MessageRules.MAX_NAME)));

        assertError(post(message("a", "t".repeat(MessageRules.MAX_TEXT + 1))), 400, "invalid_field");
        assertEquals(201, post(message("n".repeat(MessageRules.MAX_NAME), "t".repeat(MessageRules.MAX_TEXT))).status());
    }

    @Test
    void refusesBodiesOverEightKibibytes() {
        String padded = "{\"name\":\"a\",\"text\":\"t\"" + " ".repeat(8 * 1024) + "}";
        assertError(post(padded), 413, "payload_too_large");
    }

    @Test
    void refusesBodiesThatAreNotJson() {
        assertError(FunctionCall.send(request("POST", "/api/messages")
                .header("content-type", "text/plain").body(message("a", "t"))), 415, "unsupported_media_type");
        assertError(FunctionCall.send(request("POST", "/api/messages").body(message("a", "t"))),
                415, "unsupported_media_type");
    }

    @Test
    void refusesABodyMarkedBase64ThatIsNot() {
        String event = request("POST", "/api/messages").header("content-type", "application/json")
                .base64Body("x").json().replace("\"eA==\"", "\"%%%\"");
        assertError(FunctionCall.send(event), 400, "malformed_body");
    }

    @Test
    void unknownPathsAre404() {
        assertError(FunctionCall.send(get("/api/nothing-here")), 404, "not_found");
        assertError(FunctionCall.send(get("/api/messages/")), 404, "not_found");
        assertError(FunctionCall.send(get("/")), 404, "not_found");
        assertError(FunctionCall.send(get("/api/messages/not-an-id")), 404, "not_found");
        assertError(FunctionCall.send(get("/api/messages/9999999999999-000000000000")), 404, "not_found");
    }

    @Test
    void otherMethodsAre405WithAllow() {
        FunctionCall delete = FunctionCall.send(request("DELETE", "/api/messages"));
        assertError(delete, 405, "method_not_allowed");
        assertEquals("GET, POST", delete.header("Allow"));

        FunctionCall postInfo = FunctionCall.send(postJson("/api/info", "{}"));
        assertError(postInfo, 405, "method_not_allowed");
        assertEquals("GET", postInfo.header("Allow"));
    }

    @ParameterizedTest
    @CsvSource({ "limit, 0", "limit, 101", "limit, ten", "limit, 2.5", "cursor, not-a-cursor", "cursor, ''" })
    void refusesBadQueryParameters(String name, String value) {
        FunctionCall call = FunctionCall.send(get("/api/messages").query(name + "=" + value, name, value));
        assertError(call, 400, "invalid_parameter");
        assertEquals(name, call.json().getString("field"));
    }

    @Test
    void answers503WithRetryAfterWhileTheBucketIsGoneAndRecovers() throws Exception {
        Path bucket = S3ProxyResource.bucketDir();
        Path aside = bucket.resolveSibling("moved-away");
        Files.move(bucket, aside);
        try {
            for (FunctionCall call : List.of(FunctionCall.send(get("/api/health")),
                    FunctionCall.send(get("/api/messages")), post(message("a", "lost?")))) {
                assertError(call, 503, "storage_unavailable");
                assertEquals("5", call.header("Retry-After"));
            }
        } finally {
            Files.move(aside, bucket);
        }
        assertEquals(200, FunctionCall.send(get("/api/health")).status());
        assertNotEquals(503, FunctionCall.send(get("/api/messages")).status());
        assertFalse(FunctionCall.send(get("/api/messages").query("limit=50", "limit", "50"))
                .body().contains("lost?"), "a refused post stored nothing");
    }
}
