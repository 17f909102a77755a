package org.acme.guestbook.messages;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The write limit one function instance keeps, in memory: a token bucket for all posts and one
 * per visitor, each refilled evenly over a minute. A post that finds either empty is refused with
 * 429 and Retry-After before it costs an S3 request. Lambda runs one request per instance at a
 * time, so the whole function accepts at most (instances x per minute); infra/app.yaml's
 * ReservedConcurrency caps the instances (docs/public.md has the numbers).
 */
@ApplicationScoped
public class PostLimits {

    /** Visitors remembered per instance; a forgotten one starts again with a full bucket. */
    static final int VISITORS_REMEMBERED = 10_000;

    private final int perMinute;
    private final int perVisitor;
    private final Clock clock;
    private final Bucket total;
    private final Map<String, Bucket> visitors = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > VISITORS_REMEMBERED;
        }
    };

    @Inject
    public PostLimits(PostLimitsConfig config) {
        this(config.perMinute(), config.perMinutePerVisitor(), Clock.systemUTC());
    }

    /** For tests: a clock they move. A SnapStart restore also moves the clock, which refills the buckets. */
    public PostLimits(int perMinute, int perVisitor, Clock clock) {
        if (perMinute < 1 || perVisitor < 1) {
            throw new IllegalArgumentException("Post limits must be at least 1 a minute, not " + perMinute + " and " + perVisitor);
        }
        this.perMinute = perMinute;
        this.perVisitor = perVisitor;
        this.clock = clock;
        this.total = new Bucket(perMinute, clock.millis());
    }

    /** Takes one post from the visitor's and the total allowance, or refuses it (the API answers 429 with Retry-After). */
    public synchronized void admit(String visitor) {
        long now = clock.millis();
        Bucket own = visitors.computeIfAbsent(visitor, v -> new Bucket(perVisitor, now));
        own.refill(now, perVisitor);
        total.refill(now, perMinute);
        if (own.tokens < 1) {
            throw tooMany(own.secondsUntilOne(perVisitor),
                    "You have posted " + perVisitor + " messages within a minute; please wait a moment.");
        }
        if (total.tokens < 1) {
            throw tooMany(total.secondsUntilOne(perMinute),
                    "The guestbook is taking many messages right now; please try again in a moment.");
        }
        own.tokens--;
        total.tokens--;
    }

    private static TooManyPostsException tooMany(long retryAfter, String message) {
        return new TooManyPostsException(retryAfter, message);
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(int capacity, long now) {
            tokens = capacity;
            at = now;
        }

        void refill(long now, int perMinute) {
            if (now > at) {
                tokens = Math.min(perMinute, tokens + (now - at) * perMinute / 60_000.0);
            }
            at = Math.max(at, now);
        }

        long secondsUntilOne(int perMinute) {
            return Math.max(1, (long) Math.ceil((1 - tokens) * 60.0 / perMinute));
        }
    }
}
