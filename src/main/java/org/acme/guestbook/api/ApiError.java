package org.acme.guestbook.api;

import java.util.Map;

/**
 * A request the API refuses, with the HTTP status, a stable machine-readable code and
 * a sentence a person understands. Thrown anywhere below the router, turned into a
 * JSON error response by {@link Router}.
 */
public class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, String> headers;

    public ApiError(int status, String code, String message, String field, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message, null, Map.of());
    }

    public static ApiError invalidField(String field, String message) {
        return new ApiError(400, "invalid_field", message, field, Map.of());
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The request field the error is about, or null. */
    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
