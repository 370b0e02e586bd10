package io.contextstore.migration.undo;

/** An undo refused: records of the import were changed by later operations, or it was undone meanwhile. */
public class UndoConflictException extends RuntimeException {

    public UndoConflictException(String message) {
        super(message, null, false, false);
    }
}
