package org.acme.guestbook.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.acme.guestbook.Json;
import org.acme.guestbook.messages.Message;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.MessagePage;
import org.acme.guestbook.messages.NewMessage;
import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps each message as one JSON object in the data bucket, under keys from {@link MessageIds}.
 * Every write is a {@link ConditionalWrite}, so an existing object is never overwritten.
 */
@ApplicationScoped
public class MessageStore {

    private static final Logger LOG = Logger.getLogger(MessageStore.class);
    private static final int MAX_PUT_ATTEMPTS = 3;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Clock clock;
    private final Function<Instant, String> newId;
    // Reads the objects of one page in parallel: S3 latency, not CPU, is the limit.
    private final ExecutorService readers = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "message-reader");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public MessageStore(S3Client s3, StorageConfig config) {
        this(s3, config.data().bucket(), config.data().prefix(), Clock.systemUTC(), MessageIds::newId);
    }

    /** For tests: a fixed clock, and an id source that can be made to repeat itself. */
    public MessageStore(S3Client s3, String bucket, String prefix, Clock clock, Function<Instant, String> newId) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.clock = clock;
        this.newId = newId;
    }

    public Message add(NewMessage input) {
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            var message = new Message(newId.apply(now), input.name(), input.text(), now.toString());
            String key = MessageIds.key(prefix, message.id());
            byte[] json = Json.write(message).getBytes(StandardCharsets.UTF_8);
            // The SDK retries a write whose answer got lost; then the key taken holds our own message.
            if (putIfAbsent(key, json) || holds(key, json)) {
                return message;
            }
            if (attempt == MAX_PUT_ATTEMPTS) {
                throw new StorageUnavailableException("Could not store a message: " + attempt + " new ids were all taken", null);
            }
            LOG.warnf("Message id %s already taken, trying another", message.id());
        }
    }

    /** A message stored under an id chosen beforehand, and whether it was there already. */
    public record Stored(Message message, boolean replayed) {
    }

    /**
     * Stores the message under the given id, unless that id already holds it: then the message
     * that is there is returned, marked as a replay (a retried POST, or one that crashed between
     * its claim and its write). The id comes from an idempotency claim, see {@link IdempotencyClaims}.
     */
    public Stored addAs(String id, String createdAt, NewMessage input) {
        var message = new Message(id, input.name(), input.text(), createdAt);
        String key = MessageIds.key(prefix, id);
        if (putIfAbsent(key, Json.write(message).getBytes(StandardCharsets.UTF_8))) {
            return new Stored(message, false);
        }
        Message there = read(key).orElseThrow(() -> new StorageUnavailableException(
                "Message " + id + " is taken but cannot be read", null));
        if (!there.name().equals(input.name()) || !there.text().equals(input.text())) {
            throw new StorageUnavailableException("Message id " + id + " holds another message", null);
        }
        return new Stored(there, true);
    }

    private boolean putIfAbsent(String key, byte[] json) {
        return ConditionalWrite.putIfAbsent(s3, bucket, key, "application/json; charset=utf-8", json, "store a message");
    }

    private boolean holds(String key, byte[] json) {
        try {
            return Arrays.equals(json, s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray());
        } catch (SdkException e) {
            throw unavailable("check a stored message", e);
        }
    }

    public MessagePage list(int limit, Optional<String> afterId) {
        Optional<String> afterKey = afterId.map(id -> MessageIds.key(prefix, id));
        ListObjectsV2Response listing;
        try {
            listing = listKeys(limit, afterKey);
        } catch (SdkException firstFailure) {
            // A listing cut off halfway fails while its XML is read, which the SDK does not retry;
            // listing is safe to repeat, so it gets one more try (within the budget of S3ClientProducer).
            try {
                listing = listKeys(limit, afterKey);
            } catch (SdkException e) {
                throw unavailable("list messages", e);
            }
        }
        List<String> keys = new ArrayList<>();
        for (S3Object object : listing.contents()) {
            String key = object.key();
            // Real S3 starts strictly after the key; some S3-compatible servers include it.
            if (afterKey.isPresent() && key.compareTo(afterKey.get()) <= 0) {
                continue;
            }
            if (MessageIds.idOfKey(prefix, key).isPresent()) {
                keys.add(key);
            } else {
                LOG.warnf("Ignoring object %s: not a message key", key);
            }
        }
        boolean more = keys.size() > limit || Boolean.TRUE.equals(listing.isTruncated());
        List<String> pageKeys = keys.subList(0, Math.min(limit, keys.size()));
        String next = more && !pageKeys.isEmpty()
                ? MessageIds.cursorAfter(MessageIds.idOfKey(prefix, pageKeys.get(pageKeys.size() - 1)).orElseThrow())
                : null;
        return new MessagePage(readAll(pageKeys), next);
    }

    private ListObjectsV2Response listKeys(int limit, Optional<String> afterKey) {
        // One key more than the page needs tells whether there is a next page.
        return s3.listObjectsV2(list -> {
            list.bucket(bucket).prefix(prefix).maxKeys(limit + 1);
            afterKey.ifPresent(list::startAfter);
        });
    }

    /** Reads the objects of one page in parallel, keeping their order; unreadable ones are skipped. */
    private List<Message> readAll(List<String> keys) {
        List<CompletableFuture<Optional<Message>>> reads = new ArrayList<>();
        for (String key : keys) {
            reads.add(CompletableFuture.supplyAsync(() -> read(key), readers));
        }
        List<Message> messages = new ArrayList<>();
        for (var read : reads) {
            try {
                read.join().ifPresent(messages::add);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return messages;
    }

    public Optional<Message> find(String id) {
        return read(MessageIds.key(prefix, id));
    }

    /** True when the data bucket answers: what GET /api/health reports. */
    public boolean isReachable() {
        try {
            // A listing of the message prefix, not HeadBucket: the function's role may only list that prefix.
            s3.listObjectsV2(list -> list.bucket(bucket).prefix(prefix).maxKeys(1));
            return true;
        } catch (SdkException e) {
            LOG.warnf("Data bucket %s is not reachable: %s", bucket, e.getMessage());
            return false;
        }
    }

    private Optional<Message> read(String key) {
        byte[] json;
        try {
            json = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // 403 may mean "missing" to this role (see KeyListing).
            if (e.statusCode() == 403 && !isListed(key)) {
                return Optional.empty();
            }
            throw unavailable("read a message", e);
        } catch (SdkException e) {
            throw unavailable("read a message", e);
        }
        try {
            return Optional.of(Json.MAPPER.readValue(json, Message.class));
        } catch (IOException e) {
            LOG.warnf("Ignoring object %s: not a readable message (%s)", key, e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether the key exists, by a listing with the key as its prefix (allowed to the function's role). */
    private boolean isListed(String key) {
        try {
            return KeyListing.isListed(s3, bucket, key);
        } catch (SdkException e) {
            throw unavailable("read a message", e);
        }
    }

    private static StorageUnavailableException unavailable(String what, SdkException cause) {
        return new StorageUnavailableException("Could not " + what + " in the data bucket", cause);
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }
}
