package io.contextstore.migration.operation;

/**
 * How far an import had committed: the first {@code records} records of its input have their
 * outcome in the store, with these counts and the errors listed so far (JSON, or null).
 */
record Checkpoint(long records, long successful, long failed, long skipped, long duplicates, long overwritten,
                  String errorsJson) {

    static final Checkpoint NONE = new Checkpoint(0, 0, 0, 0, 0, 0, null);
}
