package io.contextstore.migration.inbox;

/** A dropped file whose import failed; the file goes to {@code error/} beside its error report. */
public class InboxFileRejectedException extends RuntimeException {

    public InboxFileRejectedException(String fileName, String reason) {
        super(fileName + " was not imported: " + reason, null, false, false);
    }
}
