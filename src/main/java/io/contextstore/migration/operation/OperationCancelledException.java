package io.contextstore.migration.operation;

/** Thrown between batches when an operation was asked to stop. */
public class OperationCancelledException extends RuntimeException {

    public OperationCancelledException() {
        this("cancelled on request");
    }

    /** As the routes throw it. */
    public OperationCancelledException(String message) {
        super(message, null, false, false);
    }
}
