package io.contextstore.migration.format;

/** The input cannot be read any further (syntax error, invalid encoding, empty file). */
public class UnreadableInputException extends RuntimeException {

    private final Long line;
    private final Long offset;

    public UnreadableInputException(String message, Long line, Long offset) {
        super(message);
        this.line = line;
        this.offset = offset;
    }

    public Long line() {
        return line;
    }

    public Long offset() {
        return offset;
    }
}
