package io.contextstore.migration.undo;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.UndoProperties;
import io.contextstore.migration.operation.AuditLog;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.OperationType;
import io.contextstore.migration.operation.Progress;
import io.contextstore.migration.operation.RunningOperations;
import io.contextstore.migration.store.ImportReverts;
import io.contextstore.migration.store.ImportReverts.Counts;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of the undo route: start (the undo's operation row), revert (conflicts first), and its end,
 * completed or failed. The revert and the mark that the import is undone commit together, so an
 * import is undone once, and a failure leaves the store as it was.
 */
@Component
public class ImportUndo {

    /** Conflicts listed in a result (the count stays exact). */
    static final int LISTED_CONFLICTS = 1000;
    static final Duration PURGE_MARGIN = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ImportUndo.class);

    private final OperationRepository operations;
    private final ImportReverts reverts;
    private final AuditLog audit;
    private final RunningOperations running;
    private final TransactionTemplate transaction;
    private final ObjectMapper mapper;
    private final UndoProperties properties;

    public ImportUndo(OperationRepository operations, ImportReverts reverts, AuditLog audit, RunningOperations running,
                      PlatformTransactionManager transactions, ObjectMapper mapper, UndoProperties properties) {
        this.operations = operations;
        this.reverts = reverts;
        this.audit = audit;
        this.running = running;
        this.transaction = new TransactionTemplate(transactions);
        this.mapper = mapper;
        this.properties = properties;
    }

    /** The undo's operation row, shown alive by the heartbeat while it runs; {@code dataType}: the import's. */
    public void start(String importId, String dataType, String user, boolean dryRun, boolean force, Exchange exchange) {
        String id = operations.create(OperationType.UNDO, dataType, user, "undo of " + importId, dryRun);
        running.register(id);
        exchange.setProperty(UndoRun.PROPERTY, new UndoRun(id, importId, user, dataType, dryRun, force, Instant.now()));
    }

    /** The records of the import that later operations changed; without {@code force} any refuses the undo. */
    private void findConflicts(UndoRun run) {
        run.found(reverts.conflicts(run.importId(), LISTED_CONFLICTS), reverts.conflictCount(run.importId()));
        refuseConflicts(run);
    }

    private void refuseConflicts(UndoRun run) {
        if (run.conflictCount() > 0 && !run.force()) {
            throw new UndoConflictException(run.conflictCount() + (run.conflictCount() == 1 ? " record of import "
                    : " records of import ") + run.importId() + (run.conflictCount() == 1 ? " was" : " were")
                    + " changed by later operations: " + run.conflicts().stream().limit(10)
                    .map(c -> c.dataType() + " '" + c.id() + "'").collect(Collectors.joining(", "))
                    + (run.conflictCount() > 10 ? ", …" : "") + "; undo with force=true skips them");
        }
    }

    /**
     * A dry run finds the conflicts and counts what a real one would do. A real one, in one
     * transaction, marks the import undone, locks its records (so no import changes one of them
     * between the conflict check and the revert), finds the conflicts, and reverts.
     */
    public void revert(UndoRun run) {
        operations.progress(run.operationId(), run.dryRun() ? "counting" : "reverting", progress(run));
        if (run.dryRun()) {
            findConflicts(run);
            run.did(reverts.plan(run.importId()));
            return;
        }
        run.did(transaction.execute(status -> {
            if (!operations.markUndone(run.importId(), run.operationId())) {
                throw new UndoConflictException("import " + run.importId() + " has been undone meanwhile");
            }
            reverts.lockWrittenBy(run.importId());
            findConflicts(run);
            return reverts.revert(run.importId());
        }));
    }

    public UndoResult complete(UndoRun run) {
        return finish(run, OperationStatus.COMPLETED, null, null);
    }

    public UndoResult failed(UndoRun run, Exception error) {
        if (error instanceof UndoConflictException conflict) {
            return finish(run, OperationStatus.FAILED, "conflict", conflict.getMessage());
        }
        log.error("undo {} of import {} failed", run.operationId(), run.importId(), error);
        return finish(run, OperationStatus.FAILED, "internal_error",
                "the undo failed and changed nothing; see the service log");
    }

    /** Before-images older than {@code migration.undo.retention} go: their imports can no longer be undone. */
    public long purge() {
        // an hour later than the API stops taking undos: one accepted just before has time to finish
        long n = reverts.purge(Instant.now().minus(properties.retention()).minus(PURGE_MARGIN));
        if (n > 0) {
            log.info("{} before-images older than {} dropped", n, properties.retention());
        }
        return n;
    }

    private UndoResult finish(UndoRun run, OperationStatus status, String error, String message) {
        Instant completedAt = Instant.now();
        Counts counts = run.counts();
        UndoResult result = new UndoResult(run.operationId(), run.importId(), status, run.dryRun(), run.force(),
                counts.deleted(), counts.restored(), run.conflictCount(), run.conflicts(), error, message,
                run.startedAt(), completedAt, Duration.between(run.startedAt(), completedAt).toMillis());
        try {
            operations.finish(run.operationId(), status, progress(run), message, json(result));
        } finally {
            running.finished(run.operationId());
        }
        audit.record(new AuditLog.Entry(run.user(), run.dryRun() ? "undo-dry-run" : "undo", run.operationId(),
                run.dataType(), status.value(), counts.deleted() + counts.restored(), null, null,
                "undo of " + run.importId() + ": deleted=" + counts.deleted() + " restored=" + counts.restored()
                        + " conflicts=" + run.conflictCount() + (run.force() ? " force" : "")));
        log.info("undo {} of import {} {}: {} deleted, {} restored, {} conflicts", run.operationId(), run.importId(),
                status.value(), counts.deleted(), counts.restored(), run.conflictCount());
        return result;
    }

    private static Progress progress(UndoRun run) {
        long done = run.counts().deleted() + run.counts().restored();
        // conflicts are what the undo leaves alone: skipped
        return new Progress(done, null, done, 0, run.conflictCount(), 0, run.counts().restored(), 0, null, 0, null);
    }

    private String json(UndoResult value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
