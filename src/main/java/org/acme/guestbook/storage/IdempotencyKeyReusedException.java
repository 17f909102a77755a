package org.acme.guestbook.storage;

import org.acme.guestbook.messages.Refusal;

/** An Idempotency-Key came back with another message than the one it was first used for. */
public class IdempotencyKeyReusedException extends Refusal {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency key " + key + " was claimed for another message");
    }
}
