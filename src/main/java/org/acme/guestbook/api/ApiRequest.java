package org.acme.guestbook.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * The parts of a Lambda Function URL request (payload format 2.0) that the API needs,
 * with the body already decoded and header names in lower case.
 */
public record ApiRequest(String method, String path, Map<String, String> query,
        Map<String, String> headers, byte[] body, Map<String, String> pathParams) {

    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null || http.getMethod() == null ? "GET" : http.getMethod().toUpperCase(Locale.ROOT);
        String path = event.getRawPath() != null ? event.getRawPath() : http == null ? "/" : http.getPath();
        return new ApiRequest(method, path == null ? "/" : path,
                event.getQueryStringParameters() == null ? Map.of() : Map.copyOf(event.getQueryStringParameters()),
                lowerCaseKeys(event.getHeaders()),
                decodeBody(event.getBody(), event.getIsBase64Encoded()),
                Map.of());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, headers, body, Map.copyOf(params));
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        var result = new java.util.HashMap<String, String>();
        headers.forEach((name, value) -> result.put(name.toLowerCase(Locale.ROOT), value));
        return Map.copyOf(result);
    }

    private static byte[] decodeBody(String body, boolean base64) {
        if (body == null) {
            return new byte[0];
        }
        if (base64) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("malformed_body", "The request body is marked as base64 but is not valid base64.");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
