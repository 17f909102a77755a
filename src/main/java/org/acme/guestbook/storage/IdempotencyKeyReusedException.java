package org.acme.guestbook.storage;

/** An Idempotency-Key came back with another message than the one it was first used for. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency key " + key + " was claimed for another message", null, false, false);
    }
}
