package org.acme.guestbook.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import org.acme.guestbook.Json;

/** A JSON response of the API, with the headers every API response carries. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    private static final Map<String, String> COMMON_HEADERS = Map.of(
            "Content-Type", "application/json; charset=utf-8",
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff");

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, COMMON_HEADERS, Json.write(body));
    }

    public static ApiResponse error(ApiError error) {
        var body = new LinkedHashMap<String, String>();
        body.put("error", error.code());
        body.put("message", error.getMessage());
        if (error.field() != null) {
            body.put("field", error.field());
        }
        return json(error.status(), body).withHeaders(error.headers());
    }

    public ApiResponse withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    public ApiResponse withHeaders(Map<String, String> extra) {
        var merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiResponse(status, Map.copyOf(merged), body);
    }

    public APIGatewayV2HTTPResponse toLambdaResponse() {
        var response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(status);
        response.setHeaders(headers);
        response.setBody(body);
        response.setIsBase64Encoded(false);
        return response;
    }
}
