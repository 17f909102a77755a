package org.acme.guestbook.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.support.FunctionCall;
import org.acme.guestbook.support.RecordedFunctionUrlEvent;
import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SnapStart hooks, called in-process as Lambda calls them (org.crac 1.5.0's global context
 * refuses to be driven outside a CRaC runtime, so the test calls the bean's hooks): priming warms
 * the request path without writing anything, two environments restored from one snapshot draw
 * different message ids, and requests after a restore work.
 */
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class SnapStartPrimingTest {

    @Inject
    SnapStartPriming priming;

    @AfterEach
    void freshRandomness() {
        MessageIds.renewRandomness();
    }

    private static long storedObjects() throws Exception {
        try (Stream<Path> files = Files.walk(S3ProxyResource.bucketDir())) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void primingWarmsTheRequestPathWithoutWritingAndRequestsWorkAfterARestore() throws Exception {
        long before = storedObjects();
        priming.beforeCheckpoint(null);
        assertEquals("health 200, messages 200, missing path 404, JSON ok", priming.lastPriming());
        assertEquals(before, storedObjects(), "priming stores nothing");

        priming.afterRestore(null);
        FunctionCall created = FunctionCall.send(RecordedFunctionUrlEvent.postJson("/api/messages",
                "{\"name\":\"Restored\",\"text\":\"after the snapshot\"}"));
        assertEquals(201, created.status(), created.body());
    }

    @Test
    void twoEnvironmentsRestoredFromOneSnapshotDrawDifferentIds() throws Exception {
        // A generator in a known state, as a snapshot would freeze it.
        SecureRandom atSnapshot = SecureRandom.getInstance("SHA1PRNG");
        atSnapshot.setSeed(42L);
        byte[] frozen = freeze(atSnapshot);
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        MessageIds.useRandom(thaw(frozen));
        String firstWithoutHook = MessageIds.newId(now);
        MessageIds.useRandom(thaw(frozen));
        String secondWithoutHook = MessageIds.newId(now);
        assertEquals(firstWithoutHook, secondWithoutHook, "without the hook, two restores repeat each other");

        MessageIds.useRandom(thaw(frozen));
        priming.afterRestore(null);
        String first = MessageIds.newId(now);
        MessageIds.useRandom(thaw(frozen));
        priming.afterRestore(null);
        String second = MessageIds.newId(now);
        assertNotEquals(first, second, "afterRestore draws from a new generator in each environment");
        assertTrue(MessageIds.isValid(first) && MessageIds.isValid(second));
    }

    private static byte[] freeze(SecureRandom random) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        }
        return bytes.toByteArray();
    }

    private static SecureRandom thaw(byte[] frozen) throws Exception {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(frozen))) {
            return (SecureRandom) in.readObject();
        }
    }
}
