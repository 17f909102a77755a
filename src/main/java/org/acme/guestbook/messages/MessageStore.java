package org.acme.guestbook.messages;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.acme.guestbook.api.Json;
import org.acme.guestbook.storage.StorageConfig;
import org.acme.guestbook.storage.StorageUnavailableException;
import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps each message as one JSON object in the data bucket, under keys from {@link MessageIds}.
 * Writes are conditional (If-None-Match: *), so an existing object is never overwritten.
 */
@ApplicationScoped
public class MessageStore {

    private static final Logger LOG = Logger.getLogger(MessageStore.class);
    private static final int MAX_PUT_ATTEMPTS = 3;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Clock clock;
    // Reads the objects of one page in parallel: S3 latency, not CPU, is the limit.
    private final ExecutorService readers = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "message-reader");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public MessageStore(S3Client s3, StorageConfig config) {
        this(s3, config.data().bucket(), config.data().prefix(), Clock.systemUTC());
    }

    public MessageStore(S3Client s3, String bucket, String prefix, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.clock = clock;
    }

    public Message add(NewMessage input) {
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            var message = new Message(MessageIds.newId(now), input.name(), input.text(), now.toString());
            try {
                s3.putObject(put -> put
                        .bucket(bucket)
                        .key(MessageIds.key(prefix, message.id()))
                        .contentType("application/json; charset=utf-8")
                        .ifNoneMatch("*"),
                        RequestBody.fromString(Json.write(message)));
                return message;
            } catch (S3Exception e) {
                boolean idTaken = e.statusCode() == 412 || e.statusCode() == 409;
                if (!idTaken || attempt == MAX_PUT_ATTEMPTS) {
                    throw unavailable("store a message", e);
                }
                LOG.warnf("Message id %s already taken, trying another", message.id());
            } catch (SdkException e) {
                throw unavailable("store a message", e);
            }
        }
    }

    public MessagePage list(int limit, Optional<String> afterId) {
        ListObjectsV2Response listing;
        try {
            listing = s3.listObjectsV2(list -> {
                list.bucket(bucket).prefix(prefix).maxKeys(limit);
                afterId.ifPresent(id -> list.startAfter(MessageIds.key(prefix, id)));
            });
        } catch (SdkException e) {
            throw unavailable("list messages", e);
        }
        List<CompletableFuture<Optional<Message>>> reads = new ArrayList<>();
        for (S3Object object : listing.contents()) {
            if (MessageIds.idOfKey(prefix, object.key()).isPresent()) {
                reads.add(CompletableFuture.supplyAsync(() -> read(object.key()), readers));
            } else {
                LOG.warnf("Ignoring object %s: not a message key", object.key());
            }
        }
        List<Message> messages = new ArrayList<>();
        for (var read : reads) {
            try {
                read.join().ifPresent(messages::add);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        String next = null;
        if (Boolean.TRUE.equals(listing.isTruncated()) && !listing.contents().isEmpty()) {
            String lastKey = listing.contents().get(listing.contents().size() - 1).key();
            next = MessageIds.idOfKey(prefix, lastKey).map(MessageIds::cursorAfter).orElse(null);
        }
        return new MessagePage(messages, next);
    }

    public Optional<Message> find(String id) {
        return read(MessageIds.key(prefix, id));
    }

    /** True when the data bucket answers: what GET /api/health reports. */
    public boolean isReachable() {
        try {
            s3.headBucket(head -> head.bucket(bucket));
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

    private static StorageUnavailableException unavailable(String what, SdkException cause) {
        return new StorageUnavailableException("Could not " + what + " in the data bucket", cause);
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }
}
