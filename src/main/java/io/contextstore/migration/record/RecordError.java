package io.contextstore.migration.record;

/** A record that failed: 1-based position, line or byte offset where the format has them, why, and its raw input. */
public record RecordError(long record, Long line, Long offset, String error, String data) {

    /** A message may quote the input; what it quotes is cut where it is made, the whole message here. */
    public RecordError {
        error = Excerpt.message(error);
    }
}
