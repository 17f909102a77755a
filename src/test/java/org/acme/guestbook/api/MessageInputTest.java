package org.acme.guestbook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.acme.guestbook.messages.NewMessage;

class MessageInputTest {

    private static ApiRequest post(String contentType, byte[] body) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("content-type", contentType);
        return new ApiRequest("POST", "/api/messages", Map.of(), headers, body, Map.of());
    }

    private static NewMessage parse(String json) {
        return MessageInput.parse(post("application/json", json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApiError refused(String json) {
        return assertThrows(ApiError.class, () -> parse(json));
    }

    @Test
    void trimsAndKeepsLineBreaksInText() {
        NewMessage message = parse("{\"name\":\" \\tAda\\u00a0 \",\"text\":\"\\r\\n line one\\r\\nline two\\rthree \\n\"}");
        assertEquals("Ada", message.name());
        assertEquals("line one\nline two\nthree", message.text());
    }

    @Test
    void mediaTypeMayCarryParametersAndAnyCase() {
        var request = post("Application/JSON; charset=UTF-8", "{\"name\":\"a\",\"text\":\"b\"}".getBytes());
        assertEquals(new NewMessage("a", "b"), MessageInput.parse(request));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/plain", "application/jsonp", "application/x-www-form-urlencoded", "" })
    void otherMediaTypesAre415(String contentType) {
        ApiError error = assertThrows(ApiError.class, () -> MessageInput.parse(post(contentType, "{}".getBytes())));
        assertEquals(415, error.status());
    }

    @Test
    void missingContentTypeIs415() {
        assertEquals(415, assertThrows(ApiError.class, () -> MessageInput.parse(post(null, "{}".getBytes()))).status());
    }

    @Test
    void sizeLimitIsExactlyEightKibibytes() {
        String base = "{\"name\":\"a\",\"text\":\"b\"}";
        String atLimit = base + " ".repeat(MessageInput.MAX_BODY_BYTES - base.length());
        assertEquals(new NewMessage("a", "b"), parse(atLimit));
        assertEquals(413, refused(atLimit + " ").status());
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}' };
        ApiError error = assertThrows(ApiError.class, () -> MessageInput.parse(post("application/json", body)));
        assertEquals("malformed_json", error.code());
    }

    @Test
    void emptyBodyIsMalformed() {
        assertEquals("malformed_json", refused("").code());
        assertEquals("malformed_json", refused("   ").code());
    }

    @Test
    void unknownFieldsAreNamed() {
        ApiError error = refused("{\"name\":\"a\",\"text\":\"b\",\"id\":\"mine\"}");
        assertEquals("id", error.field());
        assertEquals(400, error.status());
    }
}
