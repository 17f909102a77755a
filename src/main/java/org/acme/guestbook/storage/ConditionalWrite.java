package org.acme.guestbook.storage;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one way this app writes to the data bucket: a PUT with If-None-Match: *, which never
 * overwrites. S3 answers 412 Precondition Failed when the key holds an object, and 409
 * ConditionalRequestConflict when another conditional write to the same key is under way; both
 * mean "taken". Any other failure means the bucket cannot be used right now.
 */
final class ConditionalWrite {

    private ConditionalWrite() {
    }

    /** True when the object was written, false when the key is taken. */
    static boolean putIfAbsent(S3Client s3, String bucket, String key, String contentType, byte[] body, String what) {
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*"),
                    RequestBody.fromBytes(body));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw new StorageUnavailableException("Could not " + what + " in the data bucket", e);
        } catch (SdkException e) {
            throw new StorageUnavailableException("Could not " + what + " in the data bucket", e);
        }
    }
}
