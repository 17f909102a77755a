package org.acme.guestbook.storage;

import org.acme.guestbook.messages.Refusal;

/** A write refused because the owner switched the guestbook to read-only (see {@link ReadOnlySwitch}). */
public class ReadOnlyException extends Refusal {

    public ReadOnlyException() {
        super("The guestbook is read-only");
    }
}
