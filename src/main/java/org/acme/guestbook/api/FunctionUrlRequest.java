package org.acme.guestbook.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The request event a Lambda Function URL sends (payload format 2.0), with the fields the API
 * reads; Lambda's other fields (cookies, time, account...) are ignored. Quarkus' own JSON mapper
 * reads it, so the function needs no aws-lambda-java-events (half a megabyte it would load at
 * start for two classes).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionUrlRequest(String rawPath, Map<String, String> headers, Map<String, String> queryStringParameters,
        String body, @JsonProperty("isBase64Encoded") boolean isBase64Encoded, RequestContext requestContext) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestContext(Http http) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Http(String method, String path, String sourceIp) {
    }
}
