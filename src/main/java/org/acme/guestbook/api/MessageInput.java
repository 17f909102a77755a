package org.acme.guestbook.api;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.acme.guestbook.Json;
import org.acme.guestbook.messages.MessageRules;
import org.acme.guestbook.messages.NewMessage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the body of POST /api/messages into a {@link NewMessage}, or explains what is wrong
 * with it. The checks run in the order a client would want to fix them: media type, size,
 * JSON syntax, the fields there are, then each field's {@link MessageRules}.
 */
public final class MessageInput {

    public static final int MAX_BODY_BYTES = 8 * 1024;
    private static final Set<String> FIELDS = Set.of("name", "text");

    private MessageInput() {
    }

    public static NewMessage parse(ApiRequest request) {
        requireJson(request.header("content-type").orElse(""));
        if (request.body().length > MAX_BODY_BYTES) {
            throw new ApiError(413, "payload_too_large",
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes.", null, Map.of());
        }
        JsonNode json = readObject(request.body());
        json.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw ApiError.invalidField(field,
                        "The field '" + field + "' is not accepted; send only name and text.");
            }
        });
        return MessageRules.newMessage(string(json, "name"), string(json, "text"));
    }

    private static void requireJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type",
                    "Send the message as JSON with the header Content-Type: application/json.", null, Map.of());
        }
    }

    private static JsonNode readObject(byte[] body) {
        JsonNode json;
        try {
            json = body.length == 0 ? null : Json.read(body);
        } catch (IOException e) {
            throw ApiError.badRequest("malformed_json", "The request body is not valid JSON.");
        }
        if (json == null || !json.isObject()) {
            throw ApiError.badRequest("malformed_json",
                    "The request body must be a JSON object with the fields name and text.");
        }
        return json;
    }

    private static String string(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.invalidField(field, "The field '" + field + "' is required.");
        }
        if (!node.isTextual()) {
            throw ApiError.invalidField(field, "The field '" + field + "' must be a string.");
        }
        return node.textValue();
    }
}
