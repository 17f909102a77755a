package org.acme.guestbook.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * The parts of a Lambda Function URL request (payload format 2.0) that the API needs,
 * with the body already decoded and header names in lower case. The visitor is the address the
 * request came from, as far as the function can tell (see {@link #visitorOf}).
 */
public record ApiRequest(String method, String path, Map<String, String> query,
        Map<String, String> headers, byte[] body, Map<String, String> pathParams, String visitor) {

    /** The header in which CloudFront passes the viewer's address and port (see docs/public.md). */
    static final String VIEWER_ADDRESS = "cloudfront-viewer-address";

    public ApiRequest(String method, String path, Map<String, String> query,
            Map<String, String> headers, byte[] body, Map<String, String> pathParams) {
        this(method, path, query, headers, body, pathParams, visitorOf(headers, null));
    }

    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null || http.getMethod() == null ? "GET" : http.getMethod().toUpperCase(Locale.ROOT);
        String path = event.getRawPath() != null ? event.getRawPath() : http == null ? "/" : http.getPath();
        Map<String, String> headers = lowerCaseKeys(event.getHeaders());
        return new ApiRequest(method, path == null ? "/" : path,
                event.getQueryStringParameters() == null ? Map.of() : Map.copyOf(event.getQueryStringParameters()),
                headers,
                decodeBody(event.getBody(), event.getIsBase64Encoded()),
                Map.of(), visitorOf(headers, http == null ? null : http.getSourceIp()));
    }

    /**
     * Behind CloudFront the Function URL's source address is CloudFront's, so the viewer's address
     * comes from CloudFront-Viewer-Address ("IP:port", IPv6 unbracketed) when it is there; else
     * (make run, or a header CloudFront did not send) the source address.
     */
    static String visitorOf(Map<String, String> headers, String sourceIp) {
        String viewer = headers.get(VIEWER_ADDRESS);
        if (viewer != null && viewer.lastIndexOf(':') > 0) {
            return viewer.substring(0, viewer.lastIndexOf(':'));
        }
        return sourceIp == null || sourceIp.isBlank() ? "unknown" : sourceIp;
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
        return new ApiRequest(method, path, query, headers, body, Map.copyOf(params), visitor);
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
