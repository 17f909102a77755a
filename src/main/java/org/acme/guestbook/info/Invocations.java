package org.acme.guestbook.info;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts the invocations this execution environment has handled, so /api/info can tell
 * whether the current one is a cold start. After a SnapStart restore the count starts at
 * the value in the snapshot, zero, so the first request after a restore is cold too.
 */
@ApplicationScoped
public class Invocations {

    private final AtomicLong count = new AtomicLong();

    public void record() {
        count.incrementAndGet();
    }

    public boolean isFirst() {
        return count.get() <= 1;
    }
}
