package org.acme.guestbook.messages;

/**
 * A request the rules refuse: an expected answer, not a failure, so it carries no stack trace.
 * GuestbookApi turns each kind into its HTTP answer in one table.
 */
public abstract class Refusal extends RuntimeException {

    protected Refusal(String message) {
        super(message, null, false, false);
    }
}
