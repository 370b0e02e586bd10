package io.contextstore.migration.format;

/** The records changed under a running export in a way its file cannot follow; running it again helps. */
public class StoreChangedException extends RuntimeException {

    public StoreChangedException(String message) {
        super(message);
    }
}
