package org.acme.guestbook.local;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates between HTTP and the Lambda Function URL payload format 2.0, the way AWS does:
 * headers with several values are joined with commas, cookies move to their own list,
 * query parameters are decoded (repeated ones joined with commas), and a body that is not
 * text is base64-encoded. A response is read back from the function's JSON output.
 */
public final class FunctionUrlTranslation {

    public static final String DOMAIN = "local-function-url.lambda-url.localhost";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The HTTP response a Function URL makes of the function's output. */
    public record FunctionResponse(int status, Map<String, String> headers, List<String> cookies, byte[] body) {
    }

    private FunctionUrlTranslation() {
    }

    public static ObjectNode toEvent(ViewerRequest request, Instant now) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQueryString() == null ? "" : request.rawQueryString());

        List<String> cookies = new ArrayList<>();
        ObjectNode headers = event.putObject("headers");
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(value -> {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.strip());
                        }
                    }
                });
            } else if (!lower.equals("host")) {
                headers.put(lower, String.join(",", values));
            }
        });
        // CloudFront forwards every viewer header except Host (AllViewerExceptHostHeader).
        headers.put("host", DOMAIN);
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        Map<String, String> query = parseQuery(request.rawQueryString());
        if (!query.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            query.forEach(parameters::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "anonymous");
        context.put("apiId", "local-function-url");
        context.put("domainName", DOMAIN);
        context.put("domainPrefix", "local-function-url");
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.firstHeader("user-agent") == null ? "" : request.firstHeader("user-agent"));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        byte[] body = request.body();
        if (body.length > 0) {
            String text = isText(request.firstHeader("content-type")) ? utf8OrNull(body) : null;
            event.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", text == null);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /**
     * Reads the function's output. An object with a statusCode is a response; anything else is
     * sent as a 200 JSON body, as Function URLs do.
     */
    public static FunctionResponse toResponse(byte[] output) {
        JsonNode json;
        try {
            json = MAPPER.readTree(output);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !json.has("statusCode")) {
            return new FunctionResponse(200, Map.of("content-type", "application/json"), List.of(), output);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headerNode = json.path("headers");
        headerNode.fieldNames().forEachRemaining(name -> headers.put(name, headerNode.get(name).asText()));
        List<String> cookies = new ArrayList<>();
        json.path("cookies").forEach(cookie -> cookies.add(cookie.asText()));
        String body = json.path("body").isNull() ? "" : json.path("body").asText("");
        byte[] bytes = json.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new FunctionResponse(json.get("statusCode").asInt(), headers, cookies, bytes);
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json")
                || type.endsWith("/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded");
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
