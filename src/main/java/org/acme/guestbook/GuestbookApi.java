package org.acme.guestbook;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guestbook.api.ApiError;
import org.acme.guestbook.api.ApiRequest;
import org.acme.guestbook.api.ApiResponse;
import org.acme.guestbook.api.Router;
import org.acme.guestbook.health.HealthEndpoint;
import org.acme.guestbook.info.InfoEndpoint;
import org.acme.guestbook.messages.MessagesEndpoints;
import org.acme.guestbook.storage.StorageUnavailableException;
import org.jboss.logging.Logger;

/** The whole HTTP API in one table: add a route here when you add an endpoint. */
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
                .mapError(StorageUnavailableException.class, GuestbookApi::storageUnavailable);
    }

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
