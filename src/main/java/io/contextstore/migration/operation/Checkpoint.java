package io.contextstore.migration.operation;

/**
 * How far an import had committed: the first {@code records} records of its input have their
 * outcome in the store, with these counts and the first errors listed (JSON, or null).
 */
public record Checkpoint(long records, Counts counts, String errorsJson) {

    static final Checkpoint NONE = new Checkpoint(0, new Counts(0, 0, 0, 0, 0), null);

    public record Counts(long successful, long failed, long skipped, long duplicates, long overwritten) {
    }
}
