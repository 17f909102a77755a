package org.acme.guestbook.messages;

/** A post over one of the {@link PostLimits}, with the seconds until the next one would be accepted. */
public class TooManyPostsException extends Refusal {

    private final long retryAfterSeconds;

    public TooManyPostsException(long retryAfterSeconds, String message) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
