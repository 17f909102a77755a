package org.acme.guestbook.local;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the gateway received it from the browser: the raw path and query string,
 * every header with all its values (names in lower case), and the body bytes.
 */
public record ViewerRequest(String method, String rawPath, String rawQueryString,
        Map<String, List<String>> headers, byte[] body, String sourceIp) {

    public String firstHeader(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
