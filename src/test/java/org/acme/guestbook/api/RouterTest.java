package org.acme.guestbook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.acme.guestbook.Json;

class RouterTest {

    private final Router router = new Router()
            .get("/api/items", request -> ApiResponse.json(200, Map.of("route", "list")))
            .post("/api/items", request -> ApiResponse.json(201, Map.of("route", "create")))
            .get("/api/items/{id}", request -> ApiResponse.json(200, Map.of("id", request.pathParam("id"))))
            .get("/api/boom", request -> {
                throw new IllegalStateException("secret internals");
            })
            .get("/api/mapped", request -> {
                throw new UnsupportedOperationException("mapped");
            })
            .mapError(UnsupportedOperationException.class,
                    e -> new ApiError(503, "mapped_error", "Mapped.", null, Map.of("Retry-After", "1")));

    private static ApiRequest request(String method, String path) {
        return new ApiRequest(method, path, Map.of(), Map.of(), new byte[0], Map.of());
    }

    @Test
    void dispatchesByMethodAndPath() {
        assertEquals("{\"route\":\"list\"}", router.handle(request("GET", "/api/items")).body());
        assertEquals(201, router.handle(request("POST", "/api/items")).status());
    }

    @Test
    void bindsPathParameters() {
        assertEquals("{\"id\":\"42\"}", router.handle(request("GET", "/api/items/42")).body());
    }

    @Test
    void unknownPathsAreNotFound() {
        for (String path : new String[] { "/api/other", "/api/items/", "/api/items/42/more", "/api", "/", "" }) {
            ApiResponse response = router.handle(request("GET", path));
            assertEquals(404, response.status(), path);
            assertEquals("not_found", code(response));
        }
    }

    @Test
    void aPathParameterNeverMatchesAnEmptySegment() {
        assertEquals(404, router.handle(request("GET", "/api/items//")).status());
    }

    @Test
    void knownPathWithAnotherMethodIs405ListingTheAllowedMethods() {
        ApiResponse response = router.handle(request("DELETE", "/api/items"));
        assertEquals(405, response.status());
        assertEquals("GET, POST", response.headers().get("Allow"));
        assertEquals("method_not_allowed", code(response));

        assertEquals("GET", router.handle(request("PUT", "/api/items/7")).headers().get("Allow"));
    }

    @Test
    void methodsAreCaseSensitiveAsInHttp() {
        assertEquals(405, router.handle(request("get", "/api/items")).status());
    }

    @Test
    void unexpectedExceptionsBecomeA500WithoutInternals() {
        ApiResponse response = router.handle(request("GET", "/api/boom"));
        assertEquals(500, response.status());
        assertEquals("internal_error", code(response));
        assertFalse(response.body().contains("secret internals"));
        assertFalse(response.body().contains("IllegalStateException"));
    }

    @Test
    void mappedExceptionsBecomeTheirApiError() {
        ApiResponse response = router.handle(request("GET", "/api/mapped"));
        assertEquals(503, response.status());
        assertEquals("mapped_error", code(response));
        assertEquals("1", response.headers().get("Retry-After"));
    }

    @Test
    void everyResponseCarriesTheApiHeaders() {
        for (ApiResponse response : new ApiResponse[] { router.handle(request("GET", "/api/items")),
                router.handle(request("GET", "/nope")), router.handle(request("GET", "/api/boom")) }) {
            assertEquals("no-store", response.headers().get("Cache-Control"));
            assertEquals("nosniff", response.headers().get("X-Content-Type-Options"));
            assertEquals("application/json; charset=utf-8", response.headers().get("Content-Type"));
        }
    }

    private static String code(ApiResponse response) {
        try {
            return Json.read(response.body().getBytes()).path("error").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
