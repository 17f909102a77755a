package org.acme.guestbook.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import org.acme.guestbook.messages.PostLimitsTest;
import org.acme.guestbook.support.AwsCliForS3Proxy;
import org.acme.guestbook.support.TestClock;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * make read-only and make read-write (infra/scripts/read-only.sh, the real AWS CLI against S3Proxy)
 * flip the switch the function reads under its own role (RoleEnforcingS3: a missing switch is a 403
 * there, as in AWS): posts are refused while reading goes on, and taken again after.
 */
class ReadOnlySwitchTest {

    private static final String BUCKET = "data";

    @TempDir
    Path data;
    @TempDir
    Path work;
    private LocalS3Server server;
    private RoleEnforcingS3 asTheFunctionRole;
    private S3Client s3;
    private GuestbookApi api;
    private final TestClock clock = new TestClock();

    @BeforeEach
    void start() throws Exception {
        AwsCliForS3Proxy.requireInstalled("the read-only switch's test");
        server = LocalS3Server.start(data, 0);
        server.createBucket(BUCKET);
        asTheFunctionRole = RoleEnforcingS3.functionRole(server.endpoint(), BUCKET);
        s3 = TestS3.client(asTheFunctionRole.endpoint());
        var store = new MessageStore(s3, BUCKET, "messages/", clock, MessageIds::newId);
        var claims = new IdempotencyClaims(s3, BUCKET, clock, MessageIds::newId);
        api = new GuestbookApi(new MessagesEndpoints(store, claims, PostLimitsTest.generous(),
                new ReadOnlySwitch(s3, BUCKET, clock)), new InfoEndpoint(new Invocations()), new HealthEndpoint(store));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            s3.close();
            asTheFunctionRole.close();
            server.close();
        }
    }

    private ApiResponse post(String text) {
        byte[] body = ("{\"name\":\"Ada\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        return api.handle(new ApiRequest("POST", "/api/messages", Map.of(), Map.of("content-type", "application/json"), body, Map.of()));
    }

    private List<String> listed() {
        ApiResponse page = api.handle(new ApiRequest("GET", "/api/messages", Map.of(), Map.of(), new byte[0], Map.of()));
        assertEquals(200, page.status(), page.body());
        return JsonPath.from(page.body()).getList("messages.text");
    }

    private String flip(String state) throws Exception {
        var process = new ProcessBuilder("bash", "infra/scripts/read-only.sh", state);
        AwsCliForS3Proxy.environment(process.environment(), server, work);
        process.environment().put("AWS_REGION", "us-east-1");
        process.environment().put("DATA_BUCKET", BUCKET);
        process.redirectErrorStream(true);
        Process run = process.start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), out);
        return out;
    }

    @Test
    void postsAreRefusedWhileTheSwitchIsOnAndReadingGoesOn() throws Exception {
        assertEquals(201, post("before").status(), "no switch (a 403 to the function's role) means posting is on");

        assertTrue(flip("on").contains("is read-only"));
        clock.advance(Duration.ofSeconds(11));
        ApiResponse refused = post("during");
        assertEquals(403, refused.status(), refused.body());
        assertEquals("read_only", JsonPath.from(refused.body()).getString("error"));
        assertEquals(List.of("before"), listed(), "the page still reads, and the refused post stored nothing");
        assertEquals(1, Files.walk(data.resolve(BUCKET).resolve("messages")).filter(f -> f.toString().endsWith(".json")).count());

        assertTrue(flip("off").contains("takes posts again"));
        assertEquals(403, post("cached").status(), "an instance looks again only after 10 seconds");
        clock.advance(Duration.ofSeconds(11));
        assertEquals(201, post("after").status());
        assertEquals(List.of("after", "before"), listed());
    }

    @Test
    void aSwitchThatCannotBeReadRefusesThePostAsAnOutage() throws Exception {
        server.close();
        ApiResponse response = post("lost");
        assertEquals(503, response.status(), response.body());
        assertEquals("storage_unavailable", JsonPath.from(response.body()).getString("error"));
    }

    @Test
    void theScriptSaysOnOrOff() throws Exception {
        var process = new ProcessBuilder("bash", "infra/scripts/read-only.sh", "maybe");
        process.redirectErrorStream(true);
        Process run = process.start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, run.waitFor(), out);
        assertTrue(out.contains("say on or off"), out);
    }
}
