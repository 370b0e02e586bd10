package io.contextstore.migration.record;

/** Options that cannot be run: unknown names, values out of range, wrong types. */
public class InvalidOptionsException extends RuntimeException {

    public InvalidOptionsException(String message) {
        super(message);
    }
}
