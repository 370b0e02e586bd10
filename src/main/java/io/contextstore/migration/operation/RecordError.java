package io.contextstore.migration.operation;

/** A record that failed: 1-based position, line or byte offset where the format has them, why, and its raw input. */
public record RecordError(long record, Long line, Long offset, String error, String data) {
}
