package org.acme.guestbook.storage;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 answers 403, not 404, for a missing key to a role that may not list the whole bucket (the
 * function's may list messages/ and settings/read-only only); a listing of exactly that key, which
 * the role may make, tells a missing key from a forbidden one.
 */
public final class KeyListing {

    private KeyListing() {
    }

    /** Whether the key exists, by a listing with the key as its prefix. Throws what the SDK throws. */
    public static boolean isListed(S3Client s3, String bucket, String key) {
        return s3.listObjectsV2(list -> list.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
                .anyMatch(object -> object.key().equals(key));
    }
}
