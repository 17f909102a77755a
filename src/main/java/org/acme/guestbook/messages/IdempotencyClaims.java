package org.acme.guestbook.messages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.acme.guestbook.api.ApiError;
import org.acme.guestbook.api.Json;
import org.acme.guestbook.storage.StorageConfig;
import org.acme.guestbook.storage.StorageUnavailableException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One claim per Idempotency-Key: the first request with a key writes, with a conditional write,
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
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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

    /** The header's value, checked: a UUID, in lower case. */
    public static String parseKey(String header) {
        String key = header.strip();
        if (!UUID.matcher(key).matches()) {
            throw ApiError.badRequest("invalid_idempotency_key",
                    "The Idempotency-Key header must be a UUID, such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427.");
        }
        return key.toLowerCase(Locale.ROOT);
    }

    /**
     * The claim of this key: a new one for this message, or the one an earlier request wrote.
     * A claim for another message means the key was reused: 409.
     */
    public Claim claim(String key, NewMessage input) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var mine = new Claim(fingerprint(input), newId.apply(now), now.toString());
        String objectKey = PREFIX + key + ".json";
        try {
            s3.putObject(put -> put.bucket(bucket).key(objectKey).contentType("application/json").ifNoneMatch("*"),
                    RequestBody.fromString(Json.write(mine), StandardCharsets.UTF_8));
            return mine;
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw new StorageUnavailableException("Could not claim an idempotency key in the data bucket", e);
            }
        } catch (SdkException e) {
            throw new StorageUnavailableException("Could not claim an idempotency key in the data bucket", e);
        }
        Claim earlier = read(objectKey);
        if (!earlier.fingerprint().equals(mine.fingerprint())) {
            throw new ApiError(409, "idempotency_key_reused", "This Idempotency-Key was already used for a different "
                    + "message. Send a new key with a new message.", null, java.util.Map.of());
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
