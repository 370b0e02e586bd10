package io.contextstore.migration.operation;

/** Strict mode met a record it cannot store: the import stops and is rolled back. */
public class RecordRejectedException extends RuntimeException {

    private final long record;

    public RecordRejectedException(long record, String reason) {
        super("record " + record + " failed: " + reason);
        this.record = record;
    }

    public long record() {
        return record;
    }
}
