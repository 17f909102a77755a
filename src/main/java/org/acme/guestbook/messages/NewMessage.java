package org.acme.guestbook.messages;

/** A validated message a visitor wants to post: trimmed, within limits, free of control characters. */
public record NewMessage(String name, String text) {
}
