package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local S3 server behind the function's role answers as S3 answers that role: what
 * infra/github-oidc.yaml's FunctionRole allows works, anything else is AccessDenied, and a
 * missing key is 403 because the role may not list the whole bucket.
 */
class RoleEnforcingS3Test {

    private static final String BUCKET = "guestbook-local";

    @TempDir
    Path dataDir;
    private LocalS3Server server;
    private RoleEnforcingS3 role;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        server = LocalS3Server.start(dataDir, 0);
        server.createBucket(BUCKET);
        server.createBucket("guestbook-site-local");
        role = RoleEnforcingS3.functionRole(server.endpoint(), BUCKET);
        s3 = TestS3.client(role.endpoint());
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
        role.close();
        server.close();
    }

    private static void assertAccessDenied(Executable call) {
        var refused = assertThrows(S3Exception.class, call);
        assertEquals(403, refused.statusCode(), refused.toString());
        assertEquals("AccessDenied", refused.awsErrorDetails().errorCode(), refused.toString());
    }

    /** A HEAD answer has no body, so no error code: only its status says it (as with S3). */
    private static void assertForbidden(Executable call) {
        assertEquals(403, assertThrows(S3Exception.class, call).statusCode());
    }

    @Test
    void whatTheRoleAllowsWorks() {
        s3.putObject(put -> put.bucket(BUCKET).key("messages/1.json").ifNoneMatch("*"), RequestBody.fromString("{}"));
        assertEquals("{}", s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("messages/1.json")).asUtf8String());
        assertEquals(1, s3.listObjectsV2(list -> list.bucket(BUCKET).prefix("messages/").maxKeys(5)).keyCount());
        s3.putObject(put -> put.bucket(BUCKET).key("idempotency/k.json"), RequestBody.fromString("{}"));
        assertEquals("{}", s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("idempotency/k.json")).asUtf8String());
        assertTrue(role.refusals().isEmpty(), role.refusals().toString());
    }

    @Test
    void aMissingKeyIs403AsS3AnswersARoleThatMayNotListTheBucket() {
        assertAccessDenied(() -> s3.getObject(get -> get.bucket(BUCKET).key("messages/none.json")));
        assertForbidden(() -> s3.headObject(head -> head.bucket(BUCKET).key("idempotency/none.json")));
    }

    @Test
    void headBucketIsAListBucketWithoutPrefixAndRefused() {
        assertForbidden(() -> s3.headBucket(head -> head.bucket(BUCKET)));
        assertTrue(role.refusals().get(0).startsWith("HeadBucket s3:ListBucket on arn:aws:s3:::guestbook-data-"),
                role.refusals().toString());
    }

    @Test
    void aListingOutsideMessagesIsRefused() {
        assertAccessDenied(() -> s3.listObjectsV2(list -> list.bucket(BUCKET).prefix("idempotency/")));
        assertAccessDenied(() -> s3.listObjectsV2(list -> list.bucket(BUCKET)));
    }

    @Test
    void writesOutsideItsPrefixesAndDeletesAreRefused() {
        assertAccessDenied(() -> s3.putObject(put -> put.bucket(BUCKET).key("other/x"), RequestBody.fromString("x")));
        assertAccessDenied(() -> s3.deleteObject(delete -> delete.bucket(BUCKET).key("messages/1.json")));
        assertAccessDenied(() -> s3.putObject(put -> put.bucket("guestbook-site-local").key("index.html"),
                RequestBody.fromString("x")));
    }

    @Test
    void aRequestItCannotMapIsRefusedNotPassed() {
        assertAccessDenied(() -> s3.getObjectTagging(tags -> tags.bucket(BUCKET).key("messages/1.json")));
        assertTrue(role.refusals().get(0).contains("s3:unmapped-tagging"), role.refusals().toString());
    }
}
