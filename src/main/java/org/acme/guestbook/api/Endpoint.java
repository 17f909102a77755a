package org.acme.guestbook.api;

/** One operation of the API: takes a request, returns a response or throws {@link ApiError}. */
@FunctionalInterface
public interface Endpoint {
    ApiResponse handle(ApiRequest request);
}
