package org.acme.guestbook.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Function URL event (payload 2.0) for a test to call the handler with: a request CloudFront
 * sent through an origin access control, recorded (events/function-url-request.json), with the
 * method, path, headers, query and body the test sets. The local gateway does not use it: it
 * translates live HTTP requests (local/FunctionUrlTranslation), so a test of that translation
 * cannot be passed by this recording.
 */
public final class RecordedFunctionUrlEvent {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode event;

    private RecordedFunctionUrlEvent(String method, String path) {
        try (InputStream in = RecordedFunctionUrlEvent.class.getResourceAsStream("/events/function-url-request.json")) {
            event = (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        event.put("rawPath", path);
        ObjectNode http = (ObjectNode) event.path("requestContext").path("http");
        http.put("method", method);
        http.put("path", path);
    }

    public static RecordedFunctionUrlEvent request(String method, String path) {
        return new RecordedFunctionUrlEvent(method, path);
    }

    public static RecordedFunctionUrlEvent get(String path) {
        return request("GET", path);
    }

    /** A POST with a JSON body, as the site sends it. */
    public static RecordedFunctionUrlEvent postJson(String path, String json) {
        return request("POST", path).header("content-type", "application/json").body(json);
    }

    public RecordedFunctionUrlEvent header(String name, String value) {
        ((ObjectNode) event.get("headers")).put(name, value);
        return this;
    }

    /** Sets rawQueryString and the decoded queryStringParameters, as a Function URL does. */
    public RecordedFunctionUrlEvent query(String raw, String... namesAndValues) {
        event.put("rawQueryString", raw);
        ObjectNode parameters = event.putObject("queryStringParameters");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return this;
    }

    public RecordedFunctionUrlEvent body(String text) {
        event.put("body", text);
        event.put("isBase64Encoded", false);
        return this;
    }

    public RecordedFunctionUrlEvent base64Body(byte[] bytes) {
        event.put("body", Base64.getEncoder().encodeToString(bytes));
        event.put("isBase64Encoded", true);
        return this;
    }

    public RecordedFunctionUrlEvent base64Body(String text) {
        return base64Body(text.getBytes(StandardCharsets.UTF_8));
    }

    public String json() {
        return event.toString();
    }
}
