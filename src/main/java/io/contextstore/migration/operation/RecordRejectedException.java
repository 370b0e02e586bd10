package io.contextstore.migration.operation;

/** Strict mode met a record it cannot store: the import stops and is rolled back. */
public class RecordRejectedException extends RuntimeException {

    private final long record;

    /** As the import route throws it, its message naming the record. */
    public RecordRejectedException(String message) {
        super(message);
        this.record = -1;
    }

    public RecordRejectedException(long record, String reason) {
        super("record " + record + " failed: " + reason);
        this.record = record;
    }

    public long record() {
        return record;
    }
}
