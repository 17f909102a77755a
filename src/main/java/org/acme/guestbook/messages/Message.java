package org.acme.guestbook.messages;

/** A stored guestbook message, as the API returns it and as it is kept in S3. */
public record Message(String id, String name, String text, String createdAt) {
}
