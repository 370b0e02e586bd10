package io.contextstore.migration.exporting;

import java.io.BufferedOutputStream;
import java.io.IOException;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.compression.Compression;
import io.contextstore.migration.crypto.AeadKey;
import io.contextstore.migration.crypto.OpenPgp;
import io.contextstore.migration.crypto.SegmentedAead;
import io.contextstore.migration.format.CsvColumns;
import io.contextstore.migration.format.ExportLayout;
import io.contextstore.migration.format.IoMessages;
import io.contextstore.migration.format.RecordWriter;
import io.contextstore.migration.format.RecordWriters;
import io.contextstore.migration.format.StoreChangedException;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.store.ExportCursor;
import io.contextstore.migration.store.ExportSource;
import io.contextstore.migration.store.ExportWatermarks;
import io.contextstore.migration.store.WatermarkScope;
import io.contextstore.migration.mapping.TemplatePlan;
import io.contextstore.migration.mapping.Templates;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import io.contextstore.migration.operation.AuditLog;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.Failures;
import io.contextstore.migration.operation.ImportResult.FailureKind;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.Progress;
import io.contextstore.migration.operation.RunningOperations;
import java.nio.file.StandardCopyOption;

/** The end steps of the export route: the document ended, the files in the outbox, the result; or why it failed. */
@Component
public class ExportEnd {

    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(ExportEnd.class);

    private final OperationRepository operations;
    private final AuditLog audit;
    private final DataFolders folders;
    private final ObjectMapper mapper;
    private final RunningOperations running;
    private final ExportWatermarks watermarks;

    public ExportEnd(OperationRepository operations, AuditLog audit, DataFolders folders, ObjectMapper mapper,
                     RunningOperations running, ExportWatermarks watermarks) {
        this.operations = operations;
        this.audit = audit;
        this.folders = folders;
        this.mapper = mapper;
        this.running = running;
        this.watermarks = watermarks;
    }

    private static String url(ExportRun job, String name) {
        return "/api/data-migration/exports/" + job.operationId() + "/files/" + name;
    }

    /**
     * {@code <name>.manifest.json}: the parts of a split export in order, each with its records,
     * size and sha256, so an import can check every part before it stores anything.
     */
    private ExportResult.ExportFile manifest(ExportRun job, String base, List<ExportResult.ExportFile> parts)
            throws IOException {
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("exportId", job.operationId());
        manifest.put("dataType", job.dataTypeName());
        manifest.put("format", job.options().format());
        manifest.put("compression", job.compression());
        manifest.put("encrypted", job.options().encrypted());
        manifest.put("totalRecords", job.written());
        var list = manifest.putArray("parts");
        for (ExportResult.ExportFile p : parts) {
            list.addObject().put("name", p.name()).put("records", p.records()).put("sizeBytes", p.sizeBytes())
                    .put("sha256", p.sha256());
        }
        String name = base + ".manifest.json";
        Path partFile = folders.outbox().resolve("." + name + ".part");
        MeteredOutput out = new MeteredOutput(Files.newOutputStream(partFile));
        Path target = folders.outbox().resolve(name);
        try {
            try (out) {
                mapper.writerWithDefaultPrettyPrinter().writeValue(CloseShieldOutputStream.wrap(out), manifest);
            }
            Files.move(partFile, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partFile);
        }
        job.produced(target);
        return new ExportResult.ExportFile(name, Files.size(target), out.sha256(), job.written(), url(job, name));
    }

    /** A cancel was asked for: the export stops before its next page. */
    public boolean cancelled(ExportRun run) {
        return run.cancelled();
    }

    /** After each page: the operation row shows how far the export has come. */
    public void pageDone(ExportRun run) {
        if (run.progressDue(PROGRESS_EVERY)) {
            operations.progress(run.operationId(), "exporting", run.progress());
        }
    }

    /**
     * The document ended and every part moved into the outbox under its name; beside split parts,
     * their manifest. The files, in order.
     */
    public List<ExportResult.ExportFile> files(ExportRun job) throws IOException {
        List<ExportResult.ExportFile> produced = new ArrayList<>();
        for (ExportRun.Finished f : job.finishFiles()) {
            // a file delivered in the response has no copy to download
            produced.add(new ExportResult.ExportFile(f.name(), f.sizeBytes(), f.sha256(), f.records(),
                    job.delivery() == null ? url(job, f.name()) : null));
        }
        if (job.split()) {
            produced.add(manifest(job, job.baseName(), produced));
        }
        return produced;
    }

    /** All written: an incremental export's watermark moved, the operation finished, audited. */
    public ExportResult complete(List<ExportResult.ExportFile> produced, ExportRun job) {
        running.finished(job.operationId());
        String name = produced.get(produced.size() - 1).name();
        Instant completedAt = Instant.now();
        String message = null;
        if (job.options().incremental() != null) {
            watermarks.advance(job.watermarkScope(), job.watermark());
            message = "incremental '" + job.options().incremental() + "': records written "
                    + (job.since() == null ? "at any time (first run)" : "after " + job.since());
        } else if (job.since() != null) {
            message = "records written after " + job.since();
        }
        ExportResult result = new ExportResult(job.operationId(), OperationStatus.COMPLETED, job.dataTypeName(),
                job.options().format(), job.written(), List.copyOf(produced), job.compression(), job.options().encrypted(),
                message,
                job.startedAt(), completedAt, Duration.between(job.startedAt(), completedAt).toMillis(), false);
        operations.finish(job.operationId(), OperationStatus.COMPLETED, job.progress(), null, json(result));
        audit.record(new AuditLog.Entry(job.user(), "export", job.operationId(), job.dataTypeName(), "completed",
                job.written(), name, produced.get(produced.size() - 1).sha256(), "format=" + job.options().format()
                        + " files=" + produced.size()));
        log.info("export {} completed: {} records in {} file(s), {} ms", job.operationId(), job.written(),
                produced.size(), result.durationMs());
        return result;
    }

    /**
     * Anything that stopped the export: its files are deleted and the result says why. {@code run}
     * is null when it stopped before its cursors were open; the start step has left the operation's
     * id and start time.
     */
    public ExportResult failed(Throwable error, ExportRun run, String operationId, Instant startedAt, String dataType,
                               String user) {
        if (run != null) {
            run.abandon();
        }
        Failures.Failure failure = Failures.classify(error, "the export file cannot be written");
        boolean cancelled = failure.kind() == FailureKind.CANCELLED;
        String message = cancelled ? "cancelled on request after " + (run == null ? 0 : run.written())
                + " records; the partial file was deleted" : failure.message();
        Instant began = startedAt != null ? startedAt : Instant.now();
        Instant completedAt = Instant.now();
        long written = run == null ? 0 : run.written();
        OperationStatus status = cancelled ? OperationStatus.CANCELLED : OperationStatus.FAILED;
        ExportResult result = new ExportResult(operationId, status, dataType,
                run == null ? null : run.options().format(), written, List.of(), "none", false, message, began,
                completedAt, Duration.between(began, completedAt).toMillis(),
                failure.kind() == FailureKind.INVALID_OPTIONS);
        if (operationId != null) {
            Progress p = run != null ? run.progress() : new Progress(0, 0L, 0, 0, 0, 0, 0, 0, null, 0, null);
            running.finished(operationId);
            operations.finish(operationId, status, p, message, json(result));
            audit.record(new AuditLog.Entry(user == null ? "system" : user, "export", operationId, dataType,
                    status.value(), written, null, null, message));
        }
        log.info("export {} {}: {}", operationId, status.value(), message);
        return result;
    }

    private String json(Object result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
