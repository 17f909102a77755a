package org.acme.guestbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.acme.guestbook.api.ApiRequest;
import org.acme.guestbook.api.ApiResponse;
import org.acme.guestbook.api.GuestbookApi;
import org.acme.guestbook.api.HealthEndpoint;
import org.acme.guestbook.api.InfoEndpoint;
import org.acme.guestbook.api.MessagesEndpoints;
import org.acme.guestbook.info.Invocations;
import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.PostLimitsTest;
import org.acme.guestbook.storage.IdempotencyClaims;
import org.acme.guestbook.storage.MessageStore;
import org.acme.guestbook.storage.ReadOnlySwitch;
import org.acme.guestbook.storage.S3ClientProducer;
import org.acme.guestbook.support.FaultyProxy;
import org.acme.guestbook.support.FaultyProxy.CutAnswerInHalf;
import org.acme.guestbook.support.FaultyProxy.Delay;
import org.acme.guestbook.support.FaultyProxy.Pass;
import org.acme.guestbook.support.FaultyProxy.ResetAfterForwarding;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The API with a fault-injecting proxy between its S3 client and a real S3 API server: slow
 * answers, 503 SlowDown, a connection dropped after S3 stored the object, a listing cut off
 * halfway. For each: what the visitor gets, that the answer comes within the budget of
 * S3ClientProducer (well before Lambda's 15 s timeout), and that no message is lost or doubled.
 */
class StorageFaultsTest {

    /** The longest a visitor may wait for any answer, faults or not. */
    private static final Duration LIMIT = Duration.ofSeconds(12);

    @TempDir
    Path dataDir;
    private LocalS3Server server;
    private FaultyProxy proxy;
    private S3Client s3;
    private GuestbookApi api;

    private record Timed(ApiResponse response, Duration took) {
    }

    @BeforeEach
    void start() throws Exception {
        server = LocalS3Server.start(dataDir, 0);
        server.createBucket("data");
        proxy = FaultyProxy.inFrontOf(server.endpoint());
        s3 = TestS3.client(proxy.endpoint());
        var store = new MessageStore(s3, "data", "messages/", Clock.systemUTC(), MessageIds::newId);
        var claims = new IdempotencyClaims(s3, "data", Clock.systemUTC(), MessageIds::newId);
        api = new GuestbookApi(new MessagesEndpoints(store, claims, PostLimitsTest.generous(), new ReadOnlySwitch(s3, "data", Clock.systemUTC())), new InfoEndpoint(new Invocations()),
                new HealthEndpoint(store));
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
        proxy.close();
        server.close();
    }

    private Timed post(String key, String text) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (key != null) {
            headers.put("idempotency-key", key);
        }
        byte[] body = ("{\"name\":\"Fault\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        return timed(new ApiRequest("POST", "/api/messages", Map.of(), headers, body, Map.of()));
    }

    private Timed list() {
        return timed(new ApiRequest("GET", "/api/messages", Map.of("limit", "50"), Map.of(), new byte[0], Map.of()));
    }

    private Timed timed(ApiRequest request) {
        long start = System.nanoTime();
        ApiResponse response = api.handle(request);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(LIMIT) <= 0, request.method() + " " + request.path() + " took " + took.toMillis()
                + " ms, more than " + LIMIT.toSeconds() + " s: " + proxy.log());
        return new Timed(response, took);
    }

    /** The stored texts, read with the faults switched off. */
    private List<String> stored() {
        proxy.faults(request -> new Pass());
        var answer = list().response();
        assertEquals(200, answer.status(), answer.body());
        return JsonPath.from(answer.body()).getList("messages.text");
    }

    private static void assertUnavailable(Timed timed) {
        assertEquals(503, timed.response().status(), timed.response().body());
        assertEquals("storage_unavailable", JsonPath.from(timed.response().body()).getString("error"));
        assertTrue(timed.response().headers().containsKey("Retry-After"), timed.response().headers().toString());
    }

    @Test
    void theBudgetIsWellUnderLambdasTimeout() {
        assertTrue(S3ClientProducer.WORST_CASE_ANSWER.compareTo(LIMIT) < 0, S3ClientProducer.WORST_CASE_ANSWER.toString());
        assertTrue(S3ClientProducer.SOCKET_TIMEOUT.compareTo(S3ClientProducer.API_CALL_TIMEOUT) < 0);
    }

    @Test
    void answersSlowerThanTheSocketTimeoutGive503InTimeAndNoDoubleMessage() {
        assertEquals(201, post(null, "before the slowness").response().status());
        long slow = S3ClientProducer.SOCKET_TIMEOUT.toMillis() + 1000;
        proxy.faults(request -> new Delay(slow));
        assertUnavailable(list());
        String key = UUID.randomUUID().toString();
        assertUnavailable(post(key, "sent while slow"));

        // The visitor sends the same message again once S3 is fast: the slow attempt may have
        // stored it meanwhile, the key makes sure it is there once.
        proxy.faults(request -> new Pass());
        assertEquals(201, post(key, "sent while slow").response().status());
        assertEquals(List.of("sent while slow", "before the slowness"), stored());
    }

    @Test
    void slowDownIsRetriedByTheSdkThenAnswered503WithRetryAfter() {
        proxy.faults(request -> FaultyProxy.SLOW_DOWN);
        assertUnavailable(list());
        assertUnavailable(post(UUID.randomUUID().toString(), "throttled"));
        long listings = proxy.log().stream().filter(line -> line.contains("list-type=2")).count();
        assertTrue(listings >= 2, "the SDK retried the listing: " + proxy.log());

        // A short burst of SlowDown the visitor never notices.
        var count = new AtomicInteger();
        proxy.faults(request -> count.getAndIncrement() < 2 ? FaultyProxy.SLOW_DOWN : new Pass());
        assertEquals(201, post(null, "after a burst").response().status());
        assertEquals(List.of("after a burst"), stored());
    }

    @Test
    void aConnectionDroppedAfterS3StoredTheMessageStoresItOnce() {
        var dropped = new AtomicInteger();
        proxy.faults(request -> request.isPutOf("messages/") && dropped.getAndIncrement() == 0
                ? new ResetAfterForwarding() : new Pass());
        var answer = post(null, "stored before the drop");
        assertEquals(201, answer.response().status(), answer.response().body() + " " + proxy.log());
        assertEquals(1, dropped.get() > 0 ? 1 : 0, "the fault happened: " + proxy.log());

        var claimDropped = new AtomicInteger();
        proxy.faults(request -> request.isPutOf("idempotency/") && claimDropped.getAndIncrement() == 0
                ? new ResetAfterForwarding() : new Pass());
        assertEquals(201, post(UUID.randomUUID().toString(), "claimed before the drop").response().status());
        assertTrue(claimDropped.get() >= 2, "the claim was sent again after the drop: " + proxy.log());
        assertEquals(List.of("claimed before the drop", "stored before the drop"), stored());
    }

    @Test
    void aListingCutOffHalfwayIsRetriedOrAnswered503AndLosesNothing() {
        for (int i = 0; i < 12; i++) {
            assertEquals(201, post(null, "message " + i).response().status());
        }
        var cuts = new AtomicInteger();
        proxy.faults(request -> request.isListing() && cuts.getAndIncrement() == 0 ? new CutAnswerInHalf() : new Pass());
        var once = list();
        assertEquals(200, once.response().status(), "one cut listing is retried: " + proxy.log());
        assertEquals(12, JsonPath.from(once.response().body()).getList("messages").size());

        proxy.faults(request -> request.isListing() ? new CutAnswerInHalf() : new Pass());
        assertUnavailable(list());
        assertEquals(12, stored().size(), "nothing lost");
    }
}
