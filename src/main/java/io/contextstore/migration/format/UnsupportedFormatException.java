package io.contextstore.migration.format;

/** The file's format is not one this service reads or writes. */
public class UnsupportedFormatException extends RuntimeException {

    public UnsupportedFormatException(String message) {
        super(message);
    }
}
