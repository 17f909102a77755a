package org.acme.guestbook.messages;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key and cursor scheme that makes a plain ListObjectsV2 return the newest message first.
 *
 * <p>S3 lists keys in ascending UTF-8 order, so an id starts with the time counted backwards:
 * {@code 9999999999999 - epochMillis}, thirteen digits with leading zeros (good until the year
 * 2286), then a dash and twelve random hex digits so two messages in the same millisecond
 * never collide. The object key is {@code PREFIX + id + ".json"}.
 *
 * <p>A cursor is the id of the last message of a page, base64url-encoded: opaque to clients,
 * and checked strictly when it comes back, because it ends up in a request to S3.
 */
public final class MessageIds {

    private static final long MAX_MILLIS = 9_999_999_999_999L;
    private static final Pattern ID = Pattern.compile("[0-9]{13}-[0-9a-f]{12}");
    private static final String SUFFIX = ".json";
    // A SnapStart snapshot freezes this generator's state, and every execution environment restored
    // from it would draw the same numbers: renewRandomness() replaces it after each restore.
    private static volatile SecureRandom random = new SecureRandom();

    private MessageIds() {
    }

    public static String newId(Instant createdAt) {
        long millis = createdAt.toEpochMilli();
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("Time outside the id range: " + createdAt);
        }
        byte[] random = new byte[6];
        MessageIds.random.nextBytes(random);
        return String.format("%013d-%s", MAX_MILLIS - millis, HexFormat.of().formatHex(random));
    }

    /** After a SnapStart restore: a new generator, seeded by the operating system of this environment. */
    public static void renewRandomness() {
        random = new SecureRandom();
    }

    /** For tests: a generator of a known state, as a snapshot would hold it. */
    public static void useRandom(SecureRandom generator) {
        random = generator;
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String key(String prefix, String id) {
        return prefix + id + SUFFIX;
    }

    /** The id inside an object key, or empty if the key is not a message of this prefix. */
    public static Optional<String> idOfKey(String prefix, String key) {
        if (!key.startsWith(prefix) || !key.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String id = key.substring(prefix.length(), key.length() - SUFFIX.length());
        return isValid(id) ? Optional.of(id) : Optional.empty();
    }

    public static String cursorAfter(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
    }

    /** The id a cursor points after, or empty if the cursor was not made by {@link #cursorAfter}. */
    public static Optional<String> idOfCursor(String cursor) {
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            return isValid(id) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
