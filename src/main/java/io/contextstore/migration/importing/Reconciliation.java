package io.contextstore.migration.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.operation.AuditLog;
import io.contextstore.migration.operation.Failures;
import io.contextstore.migration.operation.ImportResult.FailureKind;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.ReconcileResult;
import io.contextstore.migration.operation.ReconcileResult.Difference;
import io.contextstore.migration.operation.RunningOperations;
import io.contextstore.migration.record.CheckedBatch;
import io.contextstore.migration.record.CheckedRecord;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.store.RecordStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the reconcile route: a file read as an import reads it (layers, format, mapping,
 * template, validation), each batch compared with the stored records of its ids instead of
 * written, in a transaction that is rolled back. A record is {@code equal}, {@code different} (with
 * the field paths, {@link RecordComparison}) or {@code missingInStore}; with {@code extraInStore}
 * the stored records of the file's data types that it lacks are counted too. Every difference goes
 * into the report, {@code outbox/reconcile-<id>.ndjson}; records the file holds that are not valid
 * are counted and listed as an import lists them.
 */
@Component
public class Reconciliation {

    static final String URL = "/api/data-migration/reconciliations/%s/files/%s";
    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    /** The longest id the store keeps (V1: VARCHAR(255)). */
    private static final int MAX_ID = 255;

    private final RecordStore store;
    private final OperationRepository operations;
    private final AuditLog audit;
    private final ImportTransactions transactions;
    private final RunningOperations running;
    private final DataFolders folders;
    private final ObjectMapper mapper;

    public Reconciliation(RecordStore store, OperationRepository operations, AuditLog audit,
                          ImportTransactions transactions, RunningOperations running, DataFolders folders,
                          ObjectMapper mapper) {
        this.store = store;
        this.operations = operations;
        this.audit = audit;
        this.transactions = transactions;
        this.running = running;
        this.folders = folders;
        this.mapper = mapper;
    }

    public void start(ImportRun run, Boolean extraInStore, Exchange exchange) throws IOException {
        if (run.splitExport()) {
            throw new InvalidOptionsException("a split export's manifest cannot be reconciled: its parts are not "
                    + "uploaded with it; reconcile each part, or the export as one file");
        }
        Path partial = folders.outbox().resolve(".reconcile-" + run.operationId() + ".tmp");
        exchange.setProperty(ReconcileRun.PROPERTY, new ReconcileRun(Boolean.TRUE.equals(extraInStore), partial, mapper));
    }

    /** One validated batch: its invalid records counted, the valid ones compared with the stored ones. */
    public void compare(CheckedBatch batch, ImportRun run, ReconcileRun reconcile) throws IOException {
        // the file's scope is its data type even when none of its records is valid
        if (run.dataType() != null) {
            reconcile.typeSeen(run.dataType());
        }
        // what the file holds, for extraInStore: its valid records and, in the file all the same, its invalid ones
        Map<DataType, List<String>> inFile = new EnumMap<>(DataType.class);
        for (Rejection rejection : batch.rejected()) {
            run.tally().refused(rejection, false);
            DataType type = rejection.record().dataType() != null ? rejection.record().dataType() : run.dataType();
            // an id refused itself (too long, not text) names no stored record
            boolean idRefused = rejection.fieldErrors().stream().anyMatch(e -> "id".equals(e.field()));
            if (reconcile.extraInStore() && rejection.id() != null && type != null && !idRefused
                    && rejection.id().length() <= MAX_ID) {
                inFile.computeIfAbsent(type, t -> new ArrayList<>()).add(rejection.id());
            }
        }
        Map<DataType, List<CheckedRecord>> byType = new EnumMap<>(DataType.class);
        for (CheckedRecord record : batch.valid()) {
            byType.computeIfAbsent(record.type(), t -> new ArrayList<>()).add(record);
        }
        for (var entry : byType.entrySet()) {
            DataType type = entry.getKey();
            reconcile.typeSeen(type);
            List<String> ids = entry.getValue().stream().map(CheckedRecord::id).toList();
            Map<String, ObjectNode> stored = store.stored(type, ids);
            if (reconcile.extraInStore()) {
                inFile.computeIfAbsent(type, t -> new ArrayList<>()).addAll(ids);
            }
            for (CheckedRecord record : entry.getValue()) {
                ObjectNode found = stored.get(record.id());
                long position = record.source().position();
                if (found == null) {
                    reconcile.found(new Difference(type.key(), record.id(), position, "missingInStore", null));
                    continue;
                }
                List<String> fields = RecordComparison.differences(type, record.fields(), found);
                if (fields.isEmpty()) {
                    reconcile.same();
                } else {
                    reconcile.found(new Difference(type.key(), record.id(), position, "different", fields));
                }
            }
        }
        // one insert per data type and batch
        inFile.forEach((type, ids) -> store.seen(run.operationId(), type, ids));
    }

    /** All records compared: the stored ones the file lacks (if asked), then nothing of it kept but the report. */
    public ReconcileResult complete(ImportRun run, ReconcileRun reconcile) throws IOException {
        if (reconcile.extraInStore()) {
            for (DataType type : reconcile.types()) {
                store.unseen(run.operationId(), type, id -> {
                    try {
                        reconcile.found(new Difference(type.key(), id, null, "extraInStore", null));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
        run.input().finishSha256();
        transactions.rollback(run);
        running.finished(run.operationId());
        reconcile.close();
        ReconcileResult.Report report = null;
        if (reconcile.differences() > 0) {
            String name = "reconcile-" + run.operationId() + ".ndjson";
            Files.move(reconcile.partial(), folders.outbox().resolve(name), StandardCopyOption.REPLACE_EXISTING);
            report = new ReconcileResult.Report(name, reconcile.differences(), URL.formatted(run.operationId(), name));
        } else {
            Files.deleteIfExists(reconcile.partial());
        }
        try {
            return finish(run, reconcile, OperationStatus.COMPLETED, null, FailureKind.NONE, report);
        } catch (RuntimeException e) {
            // a report no result names would never be found
            if (report != null) {
                Files.deleteIfExists(folders.outbox().resolve(report.name()));
            }
            throw e;
        }
    }

    public ReconcileResult cancelled(ImportRun run, ReconcileRun reconcile) {
        return stopped(run, reconcile, OperationStatus.CANCELLED, "cancelled on request after " + run.tally().read()
                + " records", FailureKind.CANCELLED);
    }

    public ReconcileResult failed(Throwable error, ImportRun run, ReconcileRun reconcile) {
        Failures.Failure failure = Failures.classify(error, "the input file cannot be read");
        if (failure.kind() == FailureKind.INTERNAL) {
            log.error("reconcile {} failed", run.operationId(), error);
        }
        return stopped(run, reconcile, OperationStatus.FAILED, failure.message(), failure.kind());
    }

    private ReconcileResult stopped(ImportRun run, ReconcileRun reconcile, OperationStatus status, String message,
                                    FailureKind kind) {
        running.finished(run.operationId());
        try {
            run.stopReadingAhead();
            run.closeReaders();
        } finally {
            transactions.rollback(run);
            if (reconcile != null) {
                reconcile.discard();
            }
        }
        return finish(run, reconcile, status, message, kind, null);
    }

    private ReconcileResult finish(ImportRun run, ReconcileRun reconcile, OperationStatus status, String message,
                                   FailureKind kind, ReconcileResult.Report report) {
        Instant completedAt = Instant.now();
        ImportTally tally = run.tally();
        boolean complete = reconcile != null && status == OperationStatus.COMPLETED;
        long invalid = tally.failed();
        boolean matches = complete && reconcile.differences() == 0 && invalid == 0;
        ReconcileResult result = new ReconcileResult(run.operationId(), status, run.types().name(), run.detected().format(),
                matches, tally.read(), complete ? reconcile.equal() : 0, complete ? reconcile.different() : 0,
                complete ? reconcile.missing() : 0, complete && reconcile.extraInStore() ? reconcile.extra() : null,
                invalid, message != null ? message : matches ? "the file and the store hold the same records"
                        : reconcile.differences() + " difference(s), " + invalid + " invalid record(s)",
                complete ? List.copyOf(reconcile.listed()) : List.of(),
                complete && reconcile.differences() > reconcile.listed().size(), report,
                List.copyOf(tally.errors()), List.copyOf(tally.validationErrors()), run.startedAt(), completedAt,
                Duration.between(run.startedAt(), completedAt).toMillis(), kind);
        operations.finish(run.operationId(), run.types().name(), status,
                tally.progress(run.input().bytesRead(), run.input().bytesTotal()),
                status == OperationStatus.FAILED ? message : null, json(result));
        audit.record(new AuditLog.Entry(run.user(), "reconcile", run.operationId(), run.types().name(), status.value(),
                tally.read(), run.sourceName(), null, complete ? "equal=" + reconcile.equal() + " different="
                + reconcile.different() + " missingInStore=" + reconcile.missing() + " extraInStore="
                + (reconcile.extraInStore() ? reconcile.extra() : "-") + " invalid=" + invalid : message));
        log.info("reconcile {} {}: {} read, {}", run.operationId(), status.value(), tally.read(), result.message());
        return result;
    }

    private String json(ReconcileResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
