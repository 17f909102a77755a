package org.acme.guestbook.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * A small, explicit router: a table of (method, path pattern) to endpoint.
 * A pattern segment written {name} matches any one non-empty path segment.
 * Unknown paths get 404, known paths with another method get 405 with Allow,
 * and nothing thrown below reaches the caller as a stack trace.
 */
public final class Router {

    private static final Logger LOG = Logger.getLogger(Router.class);

    private record Route(String method, String[] pattern, Endpoint endpoint) {
    }

    private record ErrorMapping<E extends RuntimeException>(Class<E> type, Function<E, ApiError> toApiError) {
        ApiError apply(RuntimeException e) {
            return toApiError.apply(type.cast(e));
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<ErrorMapping<?>> errorMappings = new ArrayList<>();

    public Router get(String path, Endpoint endpoint) {
        return add("GET", path, endpoint);
    }

    public Router post(String path, Endpoint endpoint) {
        return add("POST", path, endpoint);
    }

    public Router add(String method, String path, Endpoint endpoint) {
        routes.add(new Route(method, segments(path), endpoint));
        return this;
    }

    /** Answers an exception of this type, thrown by any endpoint, with the given error. */
    public <E extends RuntimeException> Router mapError(Class<E> type, Function<E, ApiError> toApiError) {
        errorMappings.add(new ErrorMapping<>(type, toApiError));
        return this;
    }

    /** The answer to a Function URL event; an event the API cannot read is answered like any other error. */
    public ApiResponse handle(APIGatewayV2HTTPEvent event) {
        return answer(() -> dispatch(ApiRequest.from(event)), () -> describe(event));
    }

    public ApiResponse handle(ApiRequest request) {
        return answer(() -> dispatch(request), () -> request.method() + " " + request.path());
    }

    private ApiResponse answer(Supplier<ApiResponse> work, Supplier<String> what) {
        try {
            return work.get();
        } catch (ApiError error) {
            return ApiResponse.error(error);
        } catch (RuntimeException e) {
            for (ErrorMapping<?> mapping : errorMappings) {
                if (mapping.type().isInstance(e)) {
                    return ApiResponse.error(mapping.apply(e));
                }
            }
            return internalError(what.get(), e);
        }
    }

    private static String describe(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        return (http == null ? "?" : http.getMethod()) + " " + event.getRawPath();
    }

    private static ApiResponse internalError(String request, RuntimeException unexpected) {
        LOG.errorf(unexpected, "Unexpected error on %s", request);
        return ApiResponse.error(new ApiError(500, "internal_error",
                "Something went wrong on our side. Please try again later.", null, Map.of()));
    }

    private ApiResponse dispatch(ApiRequest request) {
        String[] path = segments(request.path());
        var allowed = new TreeSet<String>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = match(route.pattern(), path);
            if (params.isEmpty()) {
                continue;
            }
            if (route.method().equals(request.method())) {
                return route.endpoint().handle(request.withPathParams(params.get()));
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw ApiError.notFound("There is no API resource at " + request.path() + ".");
        }
        String allow = String.join(", ", allowed);
        throw new ApiError(405, "method_not_allowed",
                "The method " + request.method() + " is not allowed here; use " + allow + ".", null,
                Map.of("Allow", allow));
    }

    private static Optional<Map<String, String>> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String expected = pattern[i];
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(expected.substring(1, expected.length() - 1), path[i]);
            } else if (!expected.equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** "/api/messages/" splits into ["api", "messages", ""], so a trailing slash is a different path. */
    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }
}
