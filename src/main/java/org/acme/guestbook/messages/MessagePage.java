package org.acme.guestbook.messages;

import java.util.List;

/** One page of messages, newest first, and the cursor of the next page (null on the last page). */
public record MessagePage(List<Message> messages, String next) {
}
