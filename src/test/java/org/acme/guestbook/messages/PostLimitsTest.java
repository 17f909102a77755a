package org.acme.guestbook.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;

import org.acme.guestbook.support.TestClock;
import org.junit.jupiter.api.Test;

public class PostLimitsTest {

    /** For tests of something else: limits no test reaches. */
    public static PostLimits generous() {
        return new PostLimits(1_000_000, 1_000_000, Clock.systemUTC());
    }

    private final TestClock clock = new TestClock();

    @Test
    void aVisitorGetsTheirBurstThenWaitsForTheRefill() {
        var limits = new PostLimits(100, 6, clock);
        for (int i = 0; i < 6; i++) {
            limits.admit("198.51.100.7");
        }
        TooManyPostsException refused = assertThrows(TooManyPostsException.class, () -> limits.admit("198.51.100.7"));
        assertEquals(10, refused.retryAfterSeconds(), "6 a minute: one every 10 seconds");

        limits.admit("203.0.113.9");
        clock.advance(Duration.ofSeconds(10));
        limits.admit("198.51.100.7");
        assertThrows(TooManyPostsException.class, () -> limits.admit("198.51.100.7"));
    }

    @Test
    void allVisitorsTogetherGetNoMoreThanTheTotal() {
        var limits = new PostLimits(30, 10, clock);
        for (int i = 0; i < 30; i++) {
            limits.admit("visitor-" + i % 5);
        }
        TooManyPostsException refused = assertThrows(TooManyPostsException.class, () -> limits.admit("a-new-visitor"));
        assertEquals(2, refused.retryAfterSeconds(), "30 a minute: one every 2 seconds");
        clock.advance(Duration.ofSeconds(2));
        limits.admit("a-new-visitor");
    }

    @Test
    void aRefusedPostCostsNoAllowance() {
        var limits = new PostLimits(3, 1, clock);
        limits.admit("a");
        for (int i = 0; i < 50; i++) {
            assertThrows(TooManyPostsException.class, () -> limits.admit("a"), "a's own bucket is empty");
        }
        limits.admit("b");
        limits.admit("c");
        assertThrows(TooManyPostsException.class, () -> limits.admit("d"), "the total is used up by a, b and c only");
    }

    @Test
    void theRefillNeverExceedsTheBurst() {
        var limits = new PostLimits(100, 2, clock);
        clock.advance(Duration.ofHours(5));
        limits.admit("a");
        limits.admit("a");
        assertThrows(TooManyPostsException.class, () -> limits.admit("a"));
    }

    @Test
    void limitsBelowOneAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new PostLimits(0, 1, clock));
    }
}
