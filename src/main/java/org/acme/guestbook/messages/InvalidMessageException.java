package org.acme.guestbook.messages;

/** A field of a new message breaks one of the {@link MessageRules}; the message says which rule. */
public class InvalidMessageException extends RuntimeException {

    private final String field;

    public InvalidMessageException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
