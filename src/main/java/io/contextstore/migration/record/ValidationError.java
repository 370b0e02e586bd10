package io.contextstore.migration.record;

/** One field of one record that broke a rule (required, type, format, enum, maxLength, unknown). */
public record ValidationError(long record, String field, String rule, String message) {

    /** A field path comes from the input as much as a value does: both are cut. */
    public ValidationError {
        field = Excerpt.of(field);
        message = Excerpt.message(message);
    }
}
