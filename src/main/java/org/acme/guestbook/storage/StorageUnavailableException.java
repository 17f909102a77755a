package org.acme.guestbook.storage;

/** The data bucket cannot be reached or refuses to work; the API answers 503 and asks to retry. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
