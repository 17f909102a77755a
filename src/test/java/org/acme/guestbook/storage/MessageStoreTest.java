package org.acme.guestbook.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.messages.Message;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.MessagePage;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The storage scheme against a real S3 API server. */
class MessageStoreTest {

    private static final String PREFIX = "messages/";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    private static LocalS3Server server;
    private static S3Client s3;
    private String bucket;
    private Instant now = Instant.parse("2026-11-29T10:00:00Z");

    @BeforeAll
    static void startS3() throws Exception {
        server = LocalS3Server.start(dataDir, 0);
        s3 = TestS3.client(server);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        server.close();
    }

    @BeforeEach
    void freshBucket() throws Exception {
        bucket = "data-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
    }

    /** A clock that moves one second forward each time the store asks it. */
    private Clock tickingClock() {
        return new Clock() {
            @Override
            public Instant instant() {
                now = now.plus(Duration.ofSeconds(1));
                return now;
            }

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    private MessageStore store(Function<Instant, String> ids) {
        return new MessageStore(s3, bucket, PREFIX, tickingClock(), ids);
    }

    private MessageStore store() {
        return store(MessageIds::newId);
    }

    @Test
    void listsNewestFirst() {
        MessageStore store = store();
        Message first = store.add(new NewMessage("a", "first"));
        Message second = store.add(new NewMessage("b", "second"));
        Message third = store.add(new NewMessage("c", "third"));

        MessagePage page = store.list(20, Optional.empty());
        assertEquals(List.of(third, second, first), page.messages());
        assertNull(page.next());
    }

    @Test
    void pagesThroughEveryMessageExactlyOnce() {
        MessageStore store = store();
        List<Message> added = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            added.add(0, store.add(new NewMessage("n", "message " + i)));
        }
        List<Message> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            MessagePage page = store.list(10, after);
            seen.addAll(page.messages());
            sizes.add(page.messages().size());
            if (page.next() == null) {
                break;
            }
            after = MessageIds.idOfCursor(page.next());
            assertTrue(after.isPresent(), "the store's cursor is valid");
        }
        assertEquals(List.of(10, 10, 5), sizes);
        assertEquals(added, seen);
    }

    @Test
    void aPageThatEndsAtTheLastMessageHasNoNextCursor() {
        MessageStore store = store();
        for (int i = 0; i < 4; i++) {
            store.add(new NewMessage("n", "m" + i));
        }
        MessagePage first = store.list(2, Optional.empty());
        MessagePage second = store.list(2, MessageIds.idOfCursor(first.next()));
        assertEquals(2, second.messages().size());
        assertNull(second.next());
    }

    @Test
    void theServerRefusesToOverwriteAnExistingObject() {
        s3.putObject(put -> put.bucket(bucket).key("probe"), RequestBody.fromString("one"));
        S3Exception refused = assertThrows(S3Exception.class,
                () -> s3.putObject(put -> put.bucket(bucket).key("probe").ifNoneMatch("*"), RequestBody.fromString("two")));
        assertEquals(412, refused.statusCode());
        assertEquals("one", s3.getObjectAsBytes(get -> get.bucket(bucket).key("probe")).asUtf8String());
    }

    @Test
    void aTakenIdIsNeverOverwrittenAnotherIsChosen() {
        String taken = MessageIds.newId(now);
        AtomicInteger calls = new AtomicInteger();
        MessageStore store = store(time -> calls.getAndIncrement() < 2 ? taken : MessageIds.newId(time));

        Message original = store.add(new NewMessage("first", "keep me"));
        Message later = store.add(new NewMessage("second", "do not overwrite"));

        assertEquals(taken, original.id());
        assertNotEquals(taken, later.id());
        assertEquals(Optional.of(original), store.find(taken));
        assertEquals(Optional.of(later), store.find(later.id()));
    }

    @Test
    void aRetriedWriteThatHadSucceededIsNotStoredTwice() {
        String id = MessageIds.newId(now);
        MessageStore store = store(time -> id);
        Instant createdAt = now.plus(Duration.ofSeconds(1));
        // What a first attempt wrote before its answer was lost on the way back:
        String written = "{\"id\":\"" + id + "\",\"name\":\"a\",\"text\":\"once\",\"createdAt\":\"" + createdAt + "\"}";
        s3.putObject(put -> put.bucket(bucket).key(MessageIds.key(PREFIX, id)), RequestBody.fromString(written));

        Message message = store.add(new NewMessage("a", "once"));

        assertEquals(new Message(id, "a", "once", createdAt.toString()), message);
        assertEquals(List.of(message), store.list(20, Optional.empty()).messages());
    }

    @Test
    void givesUpWhenEveryIdIsTaken() {
        String taken = MessageIds.newId(now);
        MessageStore store = store(time -> taken);
        store.add(new NewMessage("first", "keep me"));
        assertThrows(StorageUnavailableException.class, () -> store.add(new NewMessage("second", "x")));
        assertEquals("keep me", store.find(taken).orElseThrow().text());
    }

    @Test
    void ignoresObjectsThatAreNotMessages() {
        MessageStore store = store();
        Message message = store.add(new NewMessage("a", "real"));
        s3.putObject(put -> put.bucket(bucket).key(PREFIX + "0000000000000-000000000000.json"),
                RequestBody.fromString("not json"));
        s3.putObject(put -> put.bucket(bucket).key(PREFIX + "notes.txt"), RequestBody.fromString("hello"));

        assertEquals(List.of(message), store.list(20, Optional.empty()).messages());
    }

    @Test
    void findReturnsEmptyForAMissingMessage() {
        assertEquals(Optional.empty(), store().find(MessageIds.newId(now)));
    }

    @Test
    void s3DownMeansUnavailableAndNothingIsLostWhenItIsBack() throws Exception {
        MessageStore store = store();
        Message kept = store.add(new NewMessage("a", "before the outage"));

        server.stop();
        assertThrows(StorageUnavailableException.class, () -> store.list(20, Optional.empty()));
        assertThrows(StorageUnavailableException.class, () -> store.add(new NewMessage("b", "during")));
        assertTrue(!store.isReachable());

        server.start();
        assertTrue(store.isReachable());
        assertEquals(List.of(kept), store.list(20, Optional.empty()).messages());
    }
}
