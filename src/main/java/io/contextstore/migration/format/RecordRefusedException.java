package io.contextstore.migration.format;

/** One record cannot be taken (over a budget), but the reader has read past it and the input goes on. */
final class RecordRefusedException extends RuntimeException {

    RecordRefusedException(String message) {
        super(message, null, false, false);
    }
}
