package org.acme.guestbook.api;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guestbook.storage.MessageStore;
import org.acme.guestbook.storage.StorageUnavailableException;

/** GET /api/health: 200 when the data bucket answers, 503 otherwise. */
@ApplicationScoped
public class HealthEndpoint {

    private final MessageStore store;

    public HealthEndpoint(MessageStore store) {
        this.store = store;
    }

    public ApiResponse health(ApiRequest request) {
        if (!store.isReachable()) {
            throw new StorageUnavailableException("Health check: data bucket not reachable", null);
        }
        return ApiResponse.json(200, Map.of("status", "ok"));
    }
}
