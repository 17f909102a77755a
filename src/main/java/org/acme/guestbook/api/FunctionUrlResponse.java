package org.acme.guestbook.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer a Lambda Function URL turns into the HTTP response (payload format 2.0). */
public record FunctionUrlResponse(int statusCode, Map<String, String> headers, String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {
}
