package io.contextstore.migration.operation;

import java.io.EOFException;
import java.nio.file.FileSystemException;
import java.util.zip.ZipException;

import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.crypto.DecryptionException;
import io.contextstore.migration.format.IoMessages;
import io.contextstore.migration.format.StoreChangedException;
import io.contextstore.migration.format.UnreadableInputException;
import io.contextstore.migration.format.UnsupportedFormatException;
import io.contextstore.migration.operation.ImportResult.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.contextstore.migration.record.InvalidOptionsException;

/**
 * Why an operation stopped, from what was thrown, for imports and exports alike: a kind callers
 * map to a status, and a message for the user. What is not one of the known refusals is logged
 * with its stack trace and reported as an internal error, never with the trace.
 */
public final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    public record Failure(FailureKind kind, String message) {
    }

    /** {@code files}: what a file system failure is about ("the input file cannot be read"). */
    public static Failure classify(Throwable error, String files) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OperationCancelledException) {
                return new Failure(FailureKind.CANCELLED, t.getMessage());
            }
            if (t instanceof InvalidOptionsException) {
                return new Failure(FailureKind.INVALID_OPTIONS, t.getMessage());
            }
            if (t instanceof UnsupportedFormatException) {
                return new Failure(FailureKind.UNSUPPORTED_FORMAT, t.getMessage());
            }
            if (t instanceof UnreadableInputException) {
                return new Failure(FailureKind.UNREADABLE_INPUT, t.getMessage());
            }
            if (t instanceof ErrorBudgetExceededException) {
                return new Failure(FailureKind.REJECTED_RECORD, "error budget: " + t.getMessage());
            }
            if (t instanceof RecordRejectedException) {
                return new Failure(FailureKind.REJECTED_RECORD, "strict mode: " + t.getMessage());
            }
            if (t instanceof StoreChangedException) {
                return new Failure(FailureKind.INTERNAL, t.getMessage());
            }
            // a layer's stream failing while it is peeked at, skipped or taken off, not under a reader
            if (t instanceof DecryptionException || t instanceof ExpansionGuard.ExpansionRefusedException) {
                return new Failure(FailureKind.UNREADABLE_INPUT, t.getMessage());
            }
            if (t instanceof ZipException || t instanceof EOFException) {
                return new Failure(FailureKind.UNREADABLE_INPUT, "the compressed input is damaged or truncated");
            }
            if (t instanceof FileSystemException fs) {
                log.warn("{}: {}", files, fs.getMessage());
                return new Failure(FailureKind.INTERNAL, files + ": " + IoMessages.describe(fs));
            }
        }
        log.error("operation failed unexpectedly", error);
        return new Failure(FailureKind.INTERNAL, "internal error: "
                + (error == null ? "unknown" : error.getClass().getSimpleName()) + "; see the service log");
    }
}
