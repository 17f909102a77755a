package org.acme.guestbook.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdsTest {

    @Test
    void laterMessagesSortFirstAsS3ListsKeys() {
        List<String> keys = new ArrayList<>();
        List<Instant> times = List.of(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2026-11-29T10:00:00Z"),
                Instant.parse("2026-11-29T10:00:00.001Z"), Instant.EPOCH, Instant.parse("2199-12-31T23:59:59.999Z"));
        for (Instant time : times) {
            keys.add(MessageIds.key("messages/", MessageIds.newId(time)));
        }
        List<String> sorted = new ArrayList<>(keys);
        Collections.sort(sorted); // S3 lists keys in ascending UTF-8 byte order; ids are ASCII
        assertEquals(List.of(keys.get(4), keys.get(2), keys.get(1), keys.get(0), keys.get(3)), sorted);
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertNotEquals(MessageIds.newId(now), MessageIds.newId(now));
    }

    @Test
    void idHasTheDocumentedShape() {
        String id = MessageIds.newId(Instant.ofEpochMilli(1_000));
        assertTrue(id.startsWith("9999999998999-"), id);
        assertTrue(MessageIds.isValid(id));
    }

    @Test
    void timesOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MessageIds.newId(Instant.ofEpochMilli(-1)));
        assertThrows(IllegalArgumentException.class, () -> MessageIds.newId(Instant.parse("2300-01-01T00:00:00Z")));
    }

    @Test
    void keysAndIdsRoundTrip() {
        String id = MessageIds.newId(Instant.now());
        assertEquals("messages/" + id + ".json", MessageIds.key("messages/", id));
        assertEquals(Optional.of(id), MessageIds.idOfKey("messages/", MessageIds.key("messages/", id)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "messages/readme.txt", "messages/123.json", "other/8204085764456-ca78f77de064.json",
            "messages/8204085764456-CA78F77DE064.json", "messages/8204085764456-ca78f77de064.json.bak" })
    void keysThatAreNotMessagesAreRecognised(String key) {
        assertFalse(MessageIds.idOfKey("messages/", key).isPresent(), key);
    }

    @Test
    void cursorsAreOpaqueAndRoundTrip() {
        String id = MessageIds.newId(Instant.now());
        String cursor = MessageIds.cursorAfter(id);
        assertFalse(cursor.contains(id), "a cursor does not show the key");
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe: " + cursor);
        assertEquals(Optional.of(id), MessageIds.idOfCursor(cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "%%%", "bWVzc2FnZXMv", "Li4vLi4vZXRjL3Bhc3N3ZA", "ODIwNDA4NTc2NDQ1Ni1jYTc4Zjc3ZGUwNjQuanNvbg" })
    void foreignCursorsAreRefused(String cursor) {
        assertEquals(Optional.empty(), MessageIds.idOfCursor(cursor));
    }
}
