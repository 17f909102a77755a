package org.acme.guestbook.storage;

/** A write refused because the owner switched the guestbook to read-only (see {@link ReadOnlySwitch}). */
public class ReadOnlyException extends RuntimeException {

    public ReadOnlyException() {
        super("The guestbook is read-only", null, false, false);
    }
}
