package org.acme.guestbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

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
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.s3.S3Client;

/** The whole API while the S3 server is switched off, and after it comes back. */
class GuestbookApiOutageTest {

    @TempDir
    Path dataDir;

    private static ApiRequest request(String method, String path, String body) {
        return new ApiRequest(method, path, Map.of(), Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void answers503WithRetryAfterWhileS3IsDownAndRecovers() throws Exception {
        try (LocalS3Server server = LocalS3Server.start(dataDir, 0); S3Client s3 = TestS3.client(server)) {
            server.createBucket("data");
            var store = new MessageStore(s3, "data", "messages/", java.time.Clock.systemUTC(), MessageIds::newId);
            var api = new GuestbookApi(new MessagesEndpoints(store,
                    new IdempotencyClaims(s3, "data", java.time.Clock.systemUTC(), MessageIds::newId), PostLimitsTest.generous(), new ReadOnlySwitch(s3, "data", java.time.Clock.systemUTC())), new InfoEndpoint(new Invocations()),
                    new HealthEndpoint(store));
            String post = "{\"name\":\"a\",\"text\":\"b\"}";
            assertEquals(201, api.handle(request("POST", "/api/messages", post)).status());

            server.stop();
            for (ApiResponse response : new ApiResponse[] { api.handle(request("GET", "/api/health", "")),
                    api.handle(request("GET", "/api/messages", "")), api.handle(request("POST", "/api/messages", post)) }) {
                assertEquals(503, response.status(), response.body());
                assertEquals("5", response.headers().get("Retry-After"));
                assertEquals("no-store", response.headers().get("Cache-Control"));
            }
            // Client mistakes stay client mistakes during an outage.
            assertEquals(400, api.handle(request("POST", "/api/messages", "{")).status());
            assertEquals(200, api.handle(request("GET", "/api/info", "")).status());

            server.start();
            assertEquals(200, api.handle(request("GET", "/api/health", "")).status());
            ApiResponse list = api.handle(request("GET", "/api/messages", ""));
            assertEquals(200, list.status());
            assertEquals(1, list.body().split("\"id\"").length - 1, "the message from before, and only it");
        }
    }
}
