package io.contextstore.migration.operation;

/** One field of one record that broke a rule (required, type, format, enum, maxLength, unknown). */
public record ValidationError(long record, String field, String rule, String message) {
}
