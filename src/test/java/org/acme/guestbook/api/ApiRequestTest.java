package org.acme.guestbook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiRequestTest {

    @Test
    void theVisitorIsTheViewerAddressCloudFrontPassesWithoutItsPort() {
        assertEquals("198.51.100.7", ApiRequest.visitorOf(Map.of("cloudfront-viewer-address", "198.51.100.7:51234"), "10.0.0.1"));
        assertEquals("2001:db8::7", ApiRequest.visitorOf(Map.of("cloudfront-viewer-address", "2001:db8::7:443"), "10.0.0.1"));
    }

    @Test
    void withoutThatHeaderTheVisitorIsTheSourceAddress() {
        assertEquals("127.0.0.5", ApiRequest.visitorOf(Map.of(), "127.0.0.5"));
        assertEquals("127.0.0.5", ApiRequest.visitorOf(Map.of("cloudfront-viewer-address", "garbage"), "127.0.0.5"));
        assertEquals("unknown", ApiRequest.visitorOf(Map.of(), null));
    }
}
