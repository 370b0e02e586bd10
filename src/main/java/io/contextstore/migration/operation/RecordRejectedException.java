package io.contextstore.migration.operation;

/** Strict mode met a record it cannot store: the import stops and is rolled back. */
public class RecordRejectedException extends RuntimeException {

    /** As the import route throws it, its message naming the record. */
    public RecordRejectedException(String message) {
        super(message);
    }
}
