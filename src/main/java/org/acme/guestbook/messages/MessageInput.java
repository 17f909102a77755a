package org.acme.guestbook.messages;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.acme.guestbook.api.ApiError;
import org.acme.guestbook.api.ApiRequest;
import org.acme.guestbook.api.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the body of POST /api/messages into a {@link NewMessage}, or explains what is wrong
 * with it. The checks run in the order a client would want to fix them: media type, size,
 * JSON syntax, then each field.
 */
public final class MessageInput {

    public static final int MAX_BODY_BYTES = 8 * 1024;
    public static final int MAX_NAME = 40;
    public static final int MAX_TEXT = 500;
    /** Zalgo text stacks dozens of marks on one letter; no language needs more than a few. */
    public static final int MAX_COMBINING_MARKS_IN_A_ROW = 4;
    public static final int MAX_LINE_BREAKS = 10;
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
        String name = cleanText(json, "name", MAX_NAME, false);
        String text = cleanText(json, "text", MAX_TEXT, true);
        return new NewMessage(name, text);
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

    /** Like String.strip(), but also removes no-break and other Unicode spaces. */
    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isSpace(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static String cleanText(JsonNode json, String field, int maxLength, boolean multiline) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.invalidField(field, "The field '" + field + "' is required.");
        }
        if (!node.isTextual()) {
            throw ApiError.invalidField(field, "The field '" + field + "' must be a string.");
        }
        String value = trim(node.textValue().replace("\r\n", "\n").replace('\r', '\n'));
        int length = value.codePointCount(0, value.length());
        if (length == 0) {
            throw ApiError.invalidField(field, "The field '" + field + "' must not be empty.");
        }
        if (length > maxLength) {
            throw ApiError.invalidField(field,
                    "The field '" + field + "' is " + length + " characters long; at most " + maxLength + " are allowed.");
        }
        value.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean lineBreak = type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if ((type == Character.CONTROL || lineBreak) && !(c == '\n' && multiline)) {
                throw ApiError.invalidField(field, "The field '" + field + "' contains a control character"
                        + (multiline ? "; only line breaks are allowed." : "."));
            }
            if (type == Character.SURROGATE) {
                throw ApiError.invalidField(field, "The field '" + field + "' contains an invalid Unicode character.");
            }
            if (DisplayRules.isDirectionControl(c)) {
                throw ApiError.invalidField(field, "The field '" + field + "' contains a text direction control"
                        + " character (U+" + HexFormat.of().withUpperCase().toHexDigits((short) c)
                        + "), which would show the text in another order than it was typed.");
            }
        });
        if (DisplayRules.longestCombiningRun(value) > MAX_COMBINING_MARKS_IN_A_ROW) {
            throw ApiError.invalidField(field, "The field '" + field + "' stacks more than "
                    + MAX_COMBINING_MARKS_IN_A_ROW + " accents or other combining marks on one character.");
        }
        long lineBreaks = value.chars().filter(c -> c == '\n').count();
        if (lineBreaks > MAX_LINE_BREAKS) {
            throw ApiError.invalidField(field, "The field '" + field + "' has " + lineBreaks
                    + " line breaks; at most " + MAX_LINE_BREAKS + " are allowed.");
        }
        if (!DisplayRules.hasVisibleCharacter(value)) {
            throw ApiError.invalidField(field, "The field '" + field + "' has no visible character.");
        }
        return value;
    }
}
