package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** HTTP to Function URL payload 2.0 and back, as AWS translates it. */
class FunctionUrlTranslationTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:15:30.123Z");

    private static JsonNode event(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        return FunctionUrlTranslation.toEvent(new ViewerRequest(method, path, query, headers, body, "203.0.113.9"), NOW);
    }

    @Test
    void carriesMethodPathAndRequestContext() {
        JsonNode event = event("DELETE", "/api/messages/abc", null, Map.of(), new byte[0]);
        assertEquals("2.0", event.get("version").asText());
        assertEquals("$default", event.get("routeKey").asText());
        assertEquals("/api/messages/abc", event.get("rawPath").asText());
        assertEquals("", event.get("rawQueryString").asText());
        assertFalse(event.has("queryStringParameters"), "absent when there is no query, as in AWS");
        JsonNode http = event.at("/requestContext/http");
        assertEquals("DELETE", http.get("method").asText());
        assertEquals("/api/messages/abc", http.get("path").asText());
        assertEquals("203.0.113.9", http.get("sourceIp").asText());
        assertEquals(NOW.toEpochMilli(), event.at("/requestContext/timeEpoch").asLong());
        assertEquals("29/Nov/2026:10:15:30 +0000", event.at("/requestContext/time").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());
        assertFalse(event.has("body"));
    }

    @Test
    void keepsTheRawQueryAndDecodesParametersJoiningRepeatsWithCommas() {
        JsonNode event = event("GET", "/api/messages", "limit=5&tag=a&tag=b%20c&q=caf%C3%A9&flag", Map.of(), new byte[0]);
        assertEquals("limit=5&tag=a&tag=b%20c&q=caf%C3%A9&flag", event.get("rawQueryString").asText());
        JsonNode parameters = event.get("queryStringParameters");
        assertEquals("5", parameters.get("limit").asText());
        assertEquals("a,b c", parameters.get("tag").asText());
        assertEquals("café", parameters.get("q").asText());
        assertEquals("", parameters.get("flag").asText());
    }

    @Test
    void lowerCasesHeadersJoinsRepeatsAndReplacesHost() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("application/json"));
        headers.put("X-Custom", List.of("one", "two"));
        headers.put("Host", List.of("localhost:8080"));
        JsonNode event = event("GET", "/api/info", null, headers, new byte[0]);
        assertEquals("application/json", event.at("/headers/accept").asText());
        assertEquals("one,two", event.at("/headers/x-custom").asText());
        assertEquals(FunctionUrlTranslation.DOMAIN, event.at("/headers/host").asText());
        assertFalse(event.get("headers").has("Accept"));
    }

    @Test
    void movesCookiesToTheirOwnList() {
        Map<String, List<String>> headers = Map.of("cookie", List.of("theme=dark; lang=en", "session=abc"));
        JsonNode event = event("GET", "/api/info", null, headers, new byte[0]);
        assertEquals(List.of("theme=dark", "lang=en", "session=abc"),
                List.of(event.at("/cookies/0").asText(), event.at("/cookies/1").asText(), event.at("/cookies/2").asText()));
        assertFalse(event.get("headers").has("cookie"));
    }

    @Test
    void sendsTextBodiesAsTextAndOthersAsBase64() {
        byte[] json = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode text = event("POST", "/api/messages", null, Map.of("content-type", List.of("application/json")), json);
        assertFalse(text.get("isBase64Encoded").asBoolean());
        assertEquals("{\"name\":\"Zoë\"}", text.get("body").asText());

        byte[] binary = { 0, 1, 2, (byte) 0xff };
        JsonNode octets = event("PUT", "/api/blob", null, Map.of("content-type", List.of("application/octet-stream")), binary);
        assertTrue(octets.get("isBase64Encoded").asBoolean());
        assertArrayEquals(binary, Base64.getDecoder().decode(octets.get("body").asText()));

        JsonNode untyped = event("POST", "/api/messages", null, Map.of(), json);
        assertTrue(untyped.get("isBase64Encoded").asBoolean(), "no content type: AWS cannot know it is text");

        byte[] notUtf8 = { '{', (byte) 0xc3, '}' };
        JsonNode broken = event("POST", "/api/messages", null, Map.of("content-type", List.of("application/json")), notUtf8);
        assertTrue(broken.get("isBase64Encoded").asBoolean(), "bytes that are not UTF-8 survive intact");
        assertArrayEquals(notUtf8, Base64.getDecoder().decode(broken.get("body").asText()));
    }

    @Test
    void readsAStructuredResponse() {
        var response = FunctionUrlTranslation.toResponse(("{\"statusCode\":201,\"headers\":{\"Location\":\"/x\"},"
                + "\"cookies\":[\"a=1; Secure\"],\"body\":\"{\\\"ok\\\":true}\",\"isBase64Encoded\":false}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(201, response.status());
        assertEquals("/x", response.headers().get("Location"));
        assertEquals(List.of("a=1; Secure"), response.cookies());
        assertEquals("{\"ok\":true}", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void decodesABase64ResponseBody() {
        var response = FunctionUrlTranslation.toResponse(
                "{\"statusCode\":200,\"body\":\"AAEC/w==\",\"isBase64Encoded\":true}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] { 0, 1, 2, (byte) 0xff }, response.body());
    }

    @Test
    void anOutputWithoutStatusCodeIsA200JsonBody() {
        byte[] output = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        var response = FunctionUrlTranslation.toResponse(output);
        assertEquals(200, response.status());
        assertEquals("application/json", response.headers().get("content-type"));
        assertArrayEquals(output, response.body());
    }

    @Test
    void theBase64FlagIsReadUnderItsAwsName() {
        var response = FunctionUrlTranslation.toResponse(
                "{\"statusCode\":200,\"body\":\"AAEC/w==\",\"base64Encoded\":true}".getBytes(StandardCharsets.UTF_8));
        assertEquals("AAEC/w==", new String(response.body(), StandardCharsets.UTF_8),
                "a function that writes the flag under another name gets its body sent as is, as in AWS");
    }
}
