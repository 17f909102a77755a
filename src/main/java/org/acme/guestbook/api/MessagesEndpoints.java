package org.acme.guestbook.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guestbook.messages.Message;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.messages.PostLimits;
import org.acme.guestbook.storage.IdempotencyClaims;
import org.acme.guestbook.storage.MessageStore;
import org.acme.guestbook.storage.ReadOnlySwitch;

/** GET and POST /api/messages, and GET /api/messages/{id}. */
@ApplicationScoped
public class MessagesEndpoints {

    static final int DEFAULT_LIMIT = 20;
    /** A page costs one S3 LIST and one GET per message: 50 bounds what one request can make the function read. */
    static final int MAX_LIMIT = 50;

    /**
     * A page may be shared from CloudFront's cache for 5 seconds (s-maxage; the trust stack's
     * MessagesCachePolicy), never from the browser's (max-age=0): a read flood costs CloudFront
     * requests, and a visitor's own new message is on their page at once (the page adds it itself).
     */
    static final String SHARED_FOR_A_FEW_SECONDS = "public, max-age=0, s-maxage=5";

    /** The answer to a POST that only repeats an earlier one: the first request's message. */
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final MessageStore store;
    private final IdempotencyClaims claims;
    private final PostLimits limits;
    private final ReadOnlySwitch readOnly;

    public MessagesEndpoints(MessageStore store, IdempotencyClaims claims, PostLimits limits, ReadOnlySwitch readOnly) {
        this.store = store;
        this.claims = claims;
        this.limits = limits;
        this.readOnly = readOnly;
    }

    public ApiResponse list(ApiRequest request) {
        int limit = request.queryParam("limit").map(MessagesEndpoints::parseLimit).orElse(DEFAULT_LIMIT);
        Optional<String> after = request.queryParam("cursor").map(cursor -> MessageIds.idOfCursor(cursor)
                .orElseThrow(() -> invalidParameter("cursor",
                        "The cursor is not valid; use the 'next' value of a previous page.")));
        return ApiResponse.json(200, store.list(limit, after)).withHeader("Cache-Control", SHARED_FOR_A_FEW_SECONDS);
    }

    /**
     * Stores a new message. With an Idempotency-Key, the same key and message again return the
     * first request's message (marked with Idempotent-Replayed: true) instead of storing it twice.
     */
    public ApiResponse create(ApiRequest request) {
        limits.admit(request.visitor());
        readOnly.requireWritable();
        Optional<String> key = request.header("idempotency-key").map(MessagesEndpoints::parseIdempotencyKey);
        NewMessage input = MessageInput.parse(request);
        if (key.isEmpty()) {
            return created(store.add(input), false);
        }
        var claim = claims.claim(key.get(), input);
        var stored = store.addAs(claim.messageId(), claim.createdAt(), input);
        return created(stored.message(), stored.replayed());
    }

    private static ApiResponse created(Message message, boolean replayed) {
        var response = ApiResponse.json(201, message).withHeader("Location", "/api/messages/" + message.id());
        return replayed ? response.withHeader(REPLAYED, "true") : response;
    }

    public ApiResponse get(ApiRequest request) {
        String id = request.pathParam("id");
        Optional<Message> message = MessageIds.isValid(id) ? store.find(id) : Optional.empty();
        return ApiResponse.json(200, message.orElseThrow(
                () -> ApiError.notFound("There is no message with the id " + id + ".")));
    }

    /** The header's value, checked: a UUID, in lower case. */
    static String parseIdempotencyKey(String header) {
        String key = header.strip();
        if (!UUID.matcher(key).matches()) {
            throw ApiError.badRequest("invalid_idempotency_key",
                    "The Idempotency-Key header must be a UUID, such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427.");
        }
        return key.toLowerCase(Locale.ROOT);
    }

    private static int parseLimit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalidParameter("limit", "The limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static ApiError invalidParameter(String name, String message) {
        return new ApiError(400, "invalid_parameter", message, name, Map.of());
    }
}
