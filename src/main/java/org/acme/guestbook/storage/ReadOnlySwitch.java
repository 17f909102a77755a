package org.acme.guestbook.storage;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The owner's off switch for writes: while the object settings/read-only exists in the data bucket
 * (make read-only puts it, make read-write removes it), posts are refused and reading goes on.
 * Each instance looks at most every {@link #CHECK_EVERY_MILLIS}, so a flip takes effect within
 * seconds, without a deploy, and survives deploys.
 */
@ApplicationScoped
public class ReadOnlySwitch {

    public static final String KEY = "settings/read-only";
    static final long CHECK_EVERY_MILLIS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private boolean readOnly;
    private long checkedAt = Long.MIN_VALUE;

    @Inject
    public ReadOnlySwitch(S3Client s3, StorageConfig config) {
        this(s3, config.data().bucket(), Clock.systemUTC());
    }

    public ReadOnlySwitch(S3Client s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** Refuses the post while the switch is on (the API answers 403); an unreadable switch refuses it too (503). */
    public void requireWritable() {
        if (isReadOnly()) {
            throw new ReadOnlyException();
        }
    }

    private synchronized boolean isReadOnly() {
        long now = clock.millis();
        if (checkedAt != Long.MIN_VALUE && now - checkedAt < CHECK_EVERY_MILLIS && now >= checkedAt) {
            return readOnly;
        }
        try {
            s3.headObject(head -> head.bucket(bucket).key(KEY));
            readOnly = true;
        } catch (NoSuchKeyException e) {
            readOnly = false;
        } catch (S3Exception e) {
            // 404, or 403 for a missing key to this role (see KeyListing); any other answer: unknown.
            if (e.statusCode() == 404 || e.statusCode() == 403 && !KeyListing.isListed(s3, bucket, KEY)) {
                readOnly = false;
            } else {
                throw new StorageUnavailableException("Cannot read the read-only switch", e);
            }
        } catch (SdkException e) {
            throw new StorageUnavailableException("Cannot read the read-only switch", e);
        }
        checkedAt = now;
        return readOnly;
    }
}
