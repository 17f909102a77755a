package org.acme.guestbook.messages;

/** A field of a new message breaks one of the {@link MessageRules}; the message says which rule. */
public class InvalidMessageException extends Refusal {

    private final String field;

    public InvalidMessageException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
