package org.acme.guestbook.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.acme.guestbook.api.ApiError;
import org.junit.jupiter.api.Test;

public class PostLimitsTest {

    /** For tests of something else: limits no test reaches. */
    public static PostLimits generous() {
        return new PostLimits(1_000_000, 1_000_000, Clock.systemUTC());
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();

    @Test
    void aVisitorGetsTheirBurstThenWaitsForTheRefill() {
        var limits = new PostLimits(100, 6, clock);
        for (int i = 0; i < 6; i++) {
            limits.admit("198.51.100.7");
        }
        ApiError refused = assertThrows(ApiError.class, () -> limits.admit("198.51.100.7"));
        assertEquals(429, refused.status());
        assertEquals("too_many_posts", refused.code());
        assertEquals("10", refused.headers().get("Retry-After"), "6 a minute: one every 10 seconds");

        limits.admit("203.0.113.9");
        clock.advance(Duration.ofSeconds(10));
        limits.admit("198.51.100.7");
        assertThrows(ApiError.class, () -> limits.admit("198.51.100.7"));
    }

    @Test
    void allVisitorsTogetherGetNoMoreThanTheTotal() {
        var limits = new PostLimits(30, 10, clock);
        for (int i = 0; i < 30; i++) {
            limits.admit("visitor-" + i % 5);
        }
        ApiError refused = assertThrows(ApiError.class, () -> limits.admit("a-new-visitor"));
        assertEquals("2", refused.headers().get("Retry-After"), "30 a minute: one every 2 seconds");
        clock.advance(Duration.ofSeconds(2));
        limits.admit("a-new-visitor");
    }

    @Test
    void aRefusedPostCostsNoAllowance() {
        var limits = new PostLimits(3, 1, clock);
        limits.admit("a");
        for (int i = 0; i < 50; i++) {
            assertThrows(ApiError.class, () -> limits.admit("a"), "a's own bucket is empty");
        }
        limits.admit("b");
        limits.admit("c");
        assertThrows(ApiError.class, () -> limits.admit("d"), "the total is used up by a, b and c only");
    }

    @Test
    void theRefillNeverExceedsTheBurst() {
        var limits = new PostLimits(100, 2, clock);
        clock.advance(Duration.ofHours(5));
        limits.admit("a");
        limits.admit("a");
        assertThrows(ApiError.class, () -> limits.admit("a"));
    }

    @Test
    void limitsBelowOneAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new PostLimits(0, 1, clock));
    }
}
