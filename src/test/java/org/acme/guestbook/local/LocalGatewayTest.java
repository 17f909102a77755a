package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The gateway between a real HTTP client and a stand-in for the mock Lambda event server
 * that records each event it gets and answers with a prepared function output.
 */
class LocalGatewayTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String OK_OUTPUT = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\"},"
            + "\"body\":\"{}\",\"isBase64Encoded\":false}";

    @TempDir
    Path site;
    private HttpServer function;
    private final AtomicReference<JsonNode> lastEvent = new AtomicReference<>();
    private final AtomicReference<String> output = new AtomicReference<>(OK_OUTPUT);
    private LocalGateway gateway;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>home</title>");
        Files.createDirectories(site.resolve("js"));
        Files.writeString(site.resolve("js/app.js"), "export {};");
        Files.writeString(site.resolve("style.css"), "body{}");
        Files.writeString(site.resolve("favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        Files.writeString(site.getParent().resolve("secret.txt"), "outside the site");

        function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        function.createContext("/", exchange -> {
            lastEvent.set(MAPPER.readTree(exchange.getRequestBody()));
            byte[] answer = output.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        function.start();
        gateway = new LocalGateway(0, site, URI.create("http://127.0.0.1:" + function.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        function.stop(0);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + pathAndQuery));
    }

    private static String sha256(String body) {
        return ContentHashRule.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void forwardsAnApiRequestAsAFunctionUrlEvent() throws Exception {
        HttpResponse<String> response = send(to("/api/messages?limit=5&cursor=a%2Bb")
                .header("Accept", "application/json")
                .header("Cookie", "theme=dark; lang=en"));

        assertEquals(200, response.statusCode());
        JsonNode event = lastEvent.get();
        assertEquals("GET", event.at("/requestContext/http/method").asText());
        assertEquals("/api/messages", event.get("rawPath").asText());
        assertEquals("limit=5&cursor=a%2Bb", event.get("rawQueryString").asText());
        assertEquals("a+b", event.at("/queryStringParameters/cursor").asText());
        assertEquals("application/json", event.at("/headers/accept").asText());
        assertEquals("theme=dark", event.at("/cookies/0").asText());
        assertEquals("lang=en", event.at("/cookies/1").asText());
        assertEquals("127.0.0.1", event.at("/requestContext/http/sourceIp").asText());
    }

    @Test
    void returnsTheFunctionsResponseWithCookiesAndSecurityHeaders() throws Exception {
        output.set("{\"statusCode\":418,\"headers\":{\"Content-Type\":\"application/json\",\"X-Extra\":\"yes\"},"
                + "\"cookies\":[\"a=1; Path=/\",\"b=2\"],\"body\":\"{\\\"teapot\\\":true}\",\"isBase64Encoded\":false}");
        HttpResponse<String> response = send(to("/api/anything"));

        assertEquals(418, response.statusCode());
        assertEquals("{\"teapot\":true}", response.body());
        assertEquals("yes", response.headers().firstValue("X-Extra").orElseThrow());
        assertEquals(java.util.List.of("a=1; Path=/", "b=2"), response.headers().allValues("Set-Cookie"));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
    }

    @Test
    void decodesABase64ResponseBody() throws Exception {
        output.set("{\"statusCode\":200,\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\""
                + Base64.getEncoder().encodeToString("binary ok".getBytes()) + "\",\"isBase64Encoded\":true}");
        assertEquals("binary ok", send(to("/api/file")).body());
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "PUT" })
    void refusesABodyWithoutItsSha256AndNeverCallsTheFunction(String method) throws Exception {
        String body = "{\"name\":\"a\",\"text\":\"b\"}";
        HttpResponse<String> response = send(to("/api/messages")
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));

        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("x-amz-content-sha256"), response.body());
        assertNull(lastEvent.get(), "the function was not called");
    }

    @Test
    void refusesAWrongSha256() throws Exception {
        String body = "{\"name\":\"a\",\"text\":\"b\"}";
        HttpResponse<String> response = send(to("/api/messages")
                .header("Content-Type", "application/json")
                .header("x-amz-content-sha256", sha256(body + " "))
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertEquals(403, response.statusCode());
        assertNull(lastEvent.get());
    }

    @Test
    void forwardsABodyWithTheRightSha256() throws Exception {
        String body = "{\"name\":\"Zoë\",\"text\":\"b\"}";
        HttpResponse<String> response = send(to("/api/messages")
                .header("Content-Type", "application/json")
                .header("x-amz-content-sha256", sha256(body).toUpperCase())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));

        assertEquals(200, response.statusCode());
        JsonNode event = lastEvent.get();
        assertEquals("POST", event.at("/requestContext/http/method").asText());
        assertEquals(body, event.get("body").asText());
        assertEquals(false, event.get("isBase64Encoded").asBoolean());
        assertEquals(sha256(body).toUpperCase(), event.at("/headers/x-amz-content-sha256").asText());
    }

    @Test
    void sendsABinaryBodyBase64Encoded() throws Exception {
        byte[] body = { 0, (byte) 0xfe, 10, 13 };
        send(to("/api/upload")
                .header("Content-Type", "application/octet-stream")
                .header("x-amz-content-sha256", ContentHashRule.sha256Hex(body))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));

        JsonNode event = lastEvent.get();
        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(body), event.get("body").asText());
    }

    @Test
    void aDeleteNeedsNoHash() throws Exception {
        assertEquals(200, send(to("/api/messages/x").DELETE()).statusCode());
        assertEquals("DELETE", lastEvent.get().at("/requestContext/http/method").asText());
    }

    @Test
    void saysSoWhenTheFunctionIsNotRunning() throws Exception {
        function.stop(0);
        HttpResponse<String> response = send(to("/api/info"));
        assertEquals(502, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"function_unreachable\""), response.body());
    }

    @ParameterizedTest
    @CsvSource({
            "/, text/html; charset=utf-8",
            "/index.html, text/html; charset=utf-8",
            "/js/app.js, text/javascript; charset=utf-8",
            "/style.css, text/css; charset=utf-8",
            "/favicon.svg, image/svg+xml" })
    void servesTheSiteWithTheRightContentTypes(String path, String contentType) throws Exception {
        HttpResponse<String> response = send(to(path));
        assertEquals(200, response.statusCode());
        assertEquals(contentType, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        assertNull(lastEvent.get(), "the site does not involve the function");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/missing.html", "/js/", "/../secret.txt", "/%2e%2e/secret.txt", "/js/%2e%2e/%2e%2e/secret.txt", "/api" })
    void anythingElseIsNotFound(String path) throws Exception {
        HttpResponse<String> response = send(to(path));
        assertEquals(404, response.statusCode(), path);
        assertTrue(!response.body().contains("outside the site"));
    }

    @Test
    void theSiteIsReadOnly() throws Exception {
        HttpResponse<String> response = send(to("/index.html").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
    }
}
