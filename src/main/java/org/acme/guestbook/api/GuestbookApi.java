package org.acme.guestbook.api;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guestbook.messages.InvalidMessageException;
import org.acme.guestbook.messages.TooManyPostsException;
import org.acme.guestbook.storage.IdempotencyKeyReusedException;
import org.acme.guestbook.storage.ReadOnlyException;
import org.acme.guestbook.storage.StorageUnavailableException;
import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * The whole HTTP API in one table: the routes (add one here when you add an endpoint), and how
 * each refusal of the rules and the storage below is answered in HTTP.
 */
@ApplicationScoped
public class GuestbookApi {

    private static final Logger LOG = Logger.getLogger(GuestbookApi.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private final Router router;

    public GuestbookApi(MessagesEndpoints messages, InfoEndpoint info, HealthEndpoint health) {
        router = new Router()
                .get("/api/messages", messages::list)
                .post("/api/messages", messages::create)
                .get("/api/messages/{id}", messages::get)
                .get("/api/info", info::info)
                .get("/api/health", health::health)
                .mapError(InvalidMessageException.class, e -> ApiError.invalidField(e.field(), e.getMessage()))
                .mapError(TooManyPostsException.class, e -> new ApiError(429, "too_many_posts", e.getMessage(), null,
                        Map.of("Retry-After", Long.toString(e.retryAfterSeconds()))))
                .mapError(ReadOnlyException.class, e -> new ApiError(403, "read_only",
                        "The guestbook is read-only for now: it does not take new messages. Reading works as usual.",
                        null, Map.of()))
                .mapError(IdempotencyKeyReusedException.class, e -> new ApiError(409, "idempotency_key_reused",
                        "This Idempotency-Key was already used for a different message. Send a new key with a new message.",
                        null, Map.of()))
                .mapError(StorageUnavailableException.class, GuestbookApi::storageUnavailable);
    }

    /** The answer to one Function URL request. */
    public ApiResponse handle(APIGatewayV2HTTPEvent event) {
        return router.handle(event);
    }

    /** The answer to a request already read from its event (tests build these directly). */
    public ApiResponse handle(ApiRequest request) {
        return router.handle(request);
    }

    private static ApiError storageUnavailable(StorageUnavailableException e) {
        LOG.warnf("%s: %s", e.getMessage(), e.getCause() == null ? "no answer" : e.getCause().getMessage());
        return new ApiError(503, "storage_unavailable",
                "The message storage is not available right now. Please try again in a few seconds.", null,
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
