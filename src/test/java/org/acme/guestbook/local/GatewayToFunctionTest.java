package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The whole local stack as `make run` wires it: the gateway serving src/site and sending
 * /api/* to the function (through the mock Lambda event server), which stores in S3Proxy.
 */
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class GatewayToFunctionTest {

    private LocalGateway gateway;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void startGateway() throws Exception {
        // rest-assured points at the mock event server of this test run.
        gateway = new LocalGateway(0, Path.of("src/site"), URI.create("http://localhost:" + RestAssured.port));
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postsAndListsThroughTheGateway() throws Exception {
        String body = "{\"name\":\"Gateway\",\"text\":\"<b>through the stack</b>\"}";
        String hash = ContentHashRule.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = send(HttpRequest.newBuilder(gateway.url().resolve("/api/messages"))
                .header("Content-Type", "application/json")
                .header("x-amz-content-sha256", hash)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/api/messages/"));
        assertEquals("no-store", created.headers().firstValue("Cache-Control").orElseThrow());

        HttpResponse<String> fetched = send(HttpRequest.newBuilder(gateway.url().resolve(location)));
        assertEquals(200, fetched.statusCode());
        assertTrue(fetched.body().contains("\"text\":\"<b>through the stack</b>\""), fetched.body());

        HttpResponse<String> page = send(HttpRequest.newBuilder(gateway.url().resolve("/api/messages?limit=1")));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(location.substring("/api/messages/".length())), "newest first: " + page.body());
    }

    @Test
    void theFunctionsErrorsPassThrough() throws Exception {
        HttpResponse<String> badLimit = send(HttpRequest.newBuilder(gateway.url().resolve("/api/messages?limit=0")));
        assertEquals(400, badLimit.statusCode());
        assertTrue(badLimit.body().contains("\"field\":\"limit\""));

        HttpResponse<String> delete = send(HttpRequest.newBuilder(gateway.url().resolve("/api/messages")).DELETE());
        assertEquals(405, delete.statusCode());
        assertEquals("GET, POST", delete.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void servesTheRealSite() throws Exception {
        HttpResponse<String> index = send(HttpRequest.newBuilder(gateway.url()));
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("<script type=\"module\" src=\"js/app.js\">"));
        HttpResponse<String> script = send(HttpRequest.newBuilder(gateway.url().resolve("/js/api.js")));
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(script.body().contains("x-amz-content-sha256"));
    }
}
