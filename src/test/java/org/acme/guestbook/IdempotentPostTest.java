package org.acme.guestbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.acme.guestbook.api.ApiRequest;
import org.acme.guestbook.api.ApiResponse;
import org.acme.guestbook.api.GuestbookApi;
import org.acme.guestbook.api.HealthEndpoint;
import org.acme.guestbook.api.InfoEndpoint;
import org.acme.guestbook.api.MessagesEndpoints;
import org.acme.guestbook.info.Invocations;
import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.local.RoleEnforcingS3;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.messages.PostLimitsTest;
import org.acme.guestbook.storage.IdempotencyClaims;
import org.acme.guestbook.storage.MessageStore;
import org.acme.guestbook.storage.ReadOnlySwitch;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.s3.S3Client;

/** POST /api/messages with an Idempotency-Key, against a real S3 API server: one message per key. */
class IdempotentPostTest {

    @TempDir
    Path dataDir;
    private LocalS3Server server;
    private RoleEnforcingS3 asTheFunctionRole;
    private S3Client s3;
    private IdempotencyClaims claims;
    private GuestbookApi api;

    @BeforeEach
    void start() throws Exception {
        server = LocalS3Server.start(dataDir, 0);
        server.createBucket("data");
        // As in AWS: the claims are read back under the function's role, where a missing key is a 403.
        asTheFunctionRole = RoleEnforcingS3.functionRole(server.endpoint(), "data");
        s3 = TestS3.client(asTheFunctionRole.endpoint());
        var store = new MessageStore(s3, "data", "messages/", Clock.systemUTC(), MessageIds::newId);
        claims = new IdempotencyClaims(s3, "data", Clock.systemUTC(), MessageIds::newId);
        api = new GuestbookApi(new MessagesEndpoints(store, claims, PostLimitsTest.generous(), new ReadOnlySwitch(s3, "data", Clock.systemUTC())), new InfoEndpoint(new Invocations()),
                new HealthEndpoint(store));
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
        asTheFunctionRole.close();
        server.close();
    }

    private ApiResponse post(String key, String name, String text) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (key != null) {
            headers.put("idempotency-key", key);
        }
        String body = "{\"name\":\"" + name + "\",\"text\":\"" + text + "\"}";
        return api.handle(new ApiRequest("POST", "/api/messages", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8),
                Map.of()));
    }

    private List<String> storedTexts() {
        var list = api.handle(new ApiRequest("GET", "/api/messages", Map.of("limit", "50"), Map.of(), new byte[0], Map.of()));
        return JsonPath.from(list.body()).getList("messages.text");
    }

    @Test
    void theSameKeyTwiceStoresOneMessageAndAnswersTheFirstOneAgain() {
        String key = UUID.randomUUID().toString();
        var first = post(key, "Ann", "hello once");
        var again = post(key.toUpperCase(), "Ann", "hello once");
        assertEquals(201, first.status(), first.body());
        assertEquals(201, again.status(), again.body());
        assertNull(first.headers().get(MessagesEndpoints.REPLAYED));
        assertEquals("true", again.headers().get(MessagesEndpoints.REPLAYED));
        assertEquals(JsonPath.from(first.body()).getString("id"), JsonPath.from(again.body()).getString("id"));
        assertEquals(first.body(), again.body(), "the very same message, time included");
        assertEquals(List.of("hello once"), storedTexts());
    }

    @Test
    void theSameKeyFromManyThreadsAtOnceStoresOneMessage() throws Exception {
        String key = UUID.randomUUID().toString();
        var pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<ApiResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit((Callable<ApiResponse>) () -> post(key, "Racer", "only one of me")));
            }
            var ids = new java.util.HashSet<String>();
            for (var answer : answers) {
                var response = answer.get();
                assertEquals(201, response.status(), response.body());
                ids.add(JsonPath.from(response.body()).getString("id"));
            }
            assertEquals(1, ids.size(), "every answer names the one message");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("only one of me"), storedTexts());
    }

    @Test
    void theSameKeyWithAnotherMessageIsAConflict() {
        String key = UUID.randomUUID().toString();
        assertEquals(201, post(key, "Ann", "first").status());
        var reused = post(key, "Ann", "something else");
        assertEquals(409, reused.status());
        assertEquals("idempotency_key_reused", JsonPath.from(reused.body()).getString("error"));
        assertTrue(JsonPath.from(reused.body()).getString("message").contains("new key"), reused.body());
        assertEquals(List.of("first"), storedTexts());
    }

    @Test
    void aKeyThatIsNoUuidIsRefusedAndNothingIsStored() {
        for (String bad : List.of("", "123", "not-a-uuid-at-all-0000000000000000", UUID.randomUUID() + "x")) {
            var response = post(bad, "Ann", "refused");
            assertEquals(400, response.status(), bad);
            assertEquals("invalid_idempotency_key", JsonPath.from(response.body()).getString("error"));
        }
        assertEquals(List.of(), storedTexts());
    }

    @Test
    void withoutAKeyEveryPostIsANewMessageAsBefore() {
        assertEquals(201, post(null, "Ann", "twice").status());
        assertEquals(201, post(null, "Ann", "twice").status());
        assertEquals(List.of("twice", "twice"), storedTexts());
    }

    @Test
    void aRetryAfterAClaimWhoseMessageWasNeverWrittenStoresItOnce() {
        String key = UUID.randomUUID().toString();
        // The first attempt claimed the key and then died before it stored the message.
        var claim = claims.claim(key, new NewMessage("Ann", "survives a crash"));
        var retry = post(key, "Ann", "survives a crash");
        assertEquals(201, retry.status(), retry.body());
        assertEquals(claim.messageId(), JsonPath.from(retry.body()).getString("id"), "the claimed id");
        assertNull(retry.headers().get(MessagesEndpoints.REPLAYED), "this request stored it");
        assertEquals(201, post(key, "Ann", "survives a crash").status());
        assertEquals(List.of("survives a crash"), storedTexts());
    }
}
