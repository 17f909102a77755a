package org.acme.guestbook.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.acme.guestbook.Json;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.NewMessage;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One claim per Idempotency-Key: the first request with a key writes, with a {@link ConditionalWrite},
 * which message id the key stands for and a fingerprint of the message; every later request
 * with that key reads the claim back. So a POST repeated because its answer got lost stores
 * nothing new. Claims live under their own prefix, which a lifecycle rule of the data bucket
 * empties after a day (infra/app.yaml); the function's role may only read and write there.
 *
 * <p>A claim is written before it is read: reading a key that does not exist would need
 * s3:ListBucket on the prefix, which the function's role does not have, and S3 would answer 403.
 */
@ApplicationScoped
public class IdempotencyClaims {

    public static final String PREFIX = "idempotency/";

    /** What a key stands for: the message's id and time, and the fingerprint of its name and text. */
    public record Claim(String fingerprint, String messageId, String createdAt) {
    }

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private final Function<Instant, String> newId;

    @Inject
    public IdempotencyClaims(S3Client s3, StorageConfig config) {
        this(s3, config.data().bucket(), Clock.systemUTC(), MessageIds::newId);
    }

    public IdempotencyClaims(S3Client s3, String bucket, Clock clock, Function<Instant, String> newId) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
        this.newId = newId;
    }

    /**
     * The claim of this key: a new one for this message, or the one an earlier request wrote.
     * A claim for another message means the key was reused (the API answers 409).
     */
    public Claim claim(String key, NewMessage input) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var mine = new Claim(fingerprint(input), newId.apply(now), now.toString());
        String objectKey = PREFIX + key + ".json";
        byte[] json = Json.write(mine).getBytes(StandardCharsets.UTF_8);
        if (ConditionalWrite.putIfAbsent(s3, bucket, objectKey, "application/json", json, "claim an idempotency key")) {
            return mine;
        }
        Claim earlier = read(objectKey);
        if (!earlier.fingerprint().equals(mine.fingerprint())) {
            throw new IdempotencyKeyReusedException(key);
        }
        return earlier;
    }

    private Claim read(String objectKey) {
        try {
            byte[] json = s3.getObjectAsBytes(get -> get.bucket(bucket).key(objectKey)).asByteArray();
            return Json.MAPPER.readValue(json, Claim.class);
        } catch (SdkException | IOException e) {
            throw new StorageUnavailableException("Could not read the idempotency claim " + objectKey, e);
        }
    }

    static String fingerprint(NewMessage input) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(input).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
