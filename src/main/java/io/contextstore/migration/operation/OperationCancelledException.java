package io.contextstore.migration.operation;

/** Thrown between batches when an operation was asked to stop. */
public class OperationCancelledException extends RuntimeException {

    public OperationCancelledException() {
        super("cancelled on request", null, false, false);
    }
}
