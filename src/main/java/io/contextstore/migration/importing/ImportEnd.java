package io.contextstore.migration.importing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.format.UnreadableInputException;
import io.contextstore.migration.operation.AuditLog;
import io.contextstore.migration.operation.ErrorHandling;
import io.contextstore.migration.operation.Failures;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.ImportResult.FailureKind;
import io.contextstore.migration.operation.ImportResult.Rejects;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.Progress;
import io.contextstore.migration.operation.RunningOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The end steps of the import route: all records read (commit, or roll back a dry run), stopped on
 * request, or stopped by a failure; each records the operation's result and audits it.
 */
@Component
public class ImportEnd {

    private static final Logger log = LoggerFactory.getLogger(ImportEnd.class);

    private final OperationRepository operations;
    private final AuditLog audit;
    private final ImportTransactions transactions;
    private final RunningOperations running;
    private final ObjectMapper mapper;

    public ImportEnd(OperationRepository operations, AuditLog audit, ImportTransactions transactions,
                     RunningOperations running, ObjectMapper mapper) {
        this.operations = operations;
        this.audit = audit;
        this.transactions = transactions;
        this.running = running;
        this.mapper = mapper;
    }

    /** All records read: commit (or roll back a dry run) and report. */
    public ImportResult complete(ImportRun run) throws IOException {
        String sha256 = run.input().finishSha256();
        if (run.options().dryRun()) {
            transactions.rollback(run);
        } else {
            transactions.commitWithCheckpoint(run);
        }
        running.finished(run.operationId());
        ImportTally tally = run.tally();
        OperationStatus status = tally.failed() + tally.skipped() - tally.dropped() > 0
                ? OperationStatus.COMPLETED_WITH_ERRORS : OperationStatus.COMPLETED;
        String message = run.options().dryRun() ? "dry run: nothing was written"
                : tally.resumedAt() > 0 ? "resumed after an interruption at record " + (tally.resumedAt() + 1) : null;
        return finish(run, status, message, FailureKind.NONE, sha256);
    }

    /**
     * Stopped between batches on request: lenient and skip-errors imports keep the batches written so
     * far, a strict import keeps nothing (all or nothing), a dry run never keeps anything.
     */
    public ImportResult cancelled(ImportRun run) throws IOException {
        running.finished(run.operationId());
        run.stopReadingAhead();
        run.tally().putBackUnwritten();
        String sha256 = run.input().finishSha256();
        run.closeReaders();
        boolean keep = run.options().errorHandling() != ErrorHandling.STRICT && !run.options().dryRun();
        if (keep) {
            transactions.commitWithCheckpoint(run);
        } else {
            transactions.rollback(run);
            run.tally().rolledBack();
        }
        ImportTally tally = run.tally();
        String message = "cancelled on request after " + tally.read() + " records; "
                + (keep ? tally.successful() + " records stored" : "nothing was stored");
        return finish(run, OperationStatus.CANCELLED, message, FailureKind.CANCELLED, sha256);
    }

    /** Anything else that stopped the import: roll back what is not committed, and answer why. */
    public ImportResult failed(Throwable error, ImportRun run) {
        Failures.Failure failure = Failures.classify(error, "the input file cannot be read");
        running.finished(run.operationId());
        if (failure.kind() == FailureKind.UNREADABLE_INPUT) {
            UnreadableInputException u = unreadable(error);
            run.tally().stoppedReading(failure.message(), u == null ? null : u.line(), u == null ? null : u.offset());
        } else if (failure.kind() == FailureKind.INTERNAL) {
            run.tally().stoppedReading(failure.message(), null, null);
        }
        run.stopReadingAhead();
        String sha256 = run.input().finishSha256();
        run.closeReaders();
        transactions.rollback(run);
        run.tally().rolledBack();
        long kept = run.tally().successful();
        String message = failure.message() + (kept > 0
                ? "; the " + kept + " records committed before it stay stored, nothing after them"
                : "; the import was rolled back, nothing was stored");
        if (run.tally().budgetExceeded() != null && run.tally().committedAny()) {
            try {
                message = failure.message() + "; " + transactions.takeBack(run);
            } catch (RuntimeException e) {
                log.error("import {}: taking back what it committed failed", run.operationId(), e);
                message = failure.message() + "; taking back the " + kept + " records it had committed failed, so they "
                        + "stay stored (undo the import to remove them)";
            }
        }
        try {
            return finish(run, OperationStatus.FAILED, message, failure.kind(), sha256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UnreadableInputException unreadable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnreadableInputException u) {
                return u;
            }
        }
        return null;
    }

    private ImportResult finish(ImportRun run, OperationStatus status, String message, FailureKind kind, String sha256)
            throws IOException {
        Instant completedAt = Instant.now();
        ImportTally tally = run.tally();
        Progress p = tally.progress(run.input().bytesRead(), run.input().bytesTotal());
        String dataType = run.types().name();
        Rejects rejects;
        String said = message;
        try {
            rejects = run.rejects().finish();
        } catch (IOException e) {
            log.error("import {}: its rejects file could not be written", run.operationId(), e);
            run.rejects().discard();
            rejects = null;
            said = (message == null ? "" : message + "; ") + "its rejects file could not be written (the service log "
                    + "says why): the refused records are only listed in errors";
        }
        ImportResult result = new ImportResult(run.operationId(), status, dataType, run.detected().format(),
                run.options().dryRun(), tally.read(), tally.successful(), tally.failed(), tally.skipped(),
                tally.duplicates(), tally.overwritten(), said, List.copyOf(tally.errors()),
                List.copyOf(tally.validationErrors()), tally.listCut(), tally.budgetExceeded(), rejects, run.detected(),
                run.startedAt(), completedAt,
                Duration.between(run.startedAt(), completedAt).toMillis(), kind);
        operations.finish(run.operationId(), dataType, status, p, status == OperationStatus.FAILED ? said : null,
                json(result));
        audit.record(new AuditLog.Entry(run.user(), run.options().dryRun() ? "import-dry-run" : "import",
                run.operationId(), dataType, status.value(), tally.successful(), run.sourceName(), sha256,
                "total=" + tally.read() + " failed=" + tally.failed() + " skipped=" + tally.skipped()
                        + " duplicates=" + tally.duplicates() + " overwritten=" + tally.overwritten()));
        log.info("import {} {}: {} read, {} stored, {} failed, {} skipped, {} duplicates in {} ms", run.operationId(),
                status.value(), tally.read(), tally.successful(), tally.failed(), tally.skipped(), tally.duplicates(),
                result.durationMs());
        return result;
    }

    private String json(ImportResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
