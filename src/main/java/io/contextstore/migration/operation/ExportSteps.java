package io.contextstore.migration.operation;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.format.JsonRecordWriter;
import io.contextstore.migration.store.DataType;
import io.contextstore.migration.store.ExportCursor;
import io.contextstore.migration.store.ExportSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The beginning and the end of the export route, and the write step between them. */
@Component
public class ExportSteps {

    public static final String JOB = "exportJob";
    private static final String OPERATION_ID = "exportOperationId";
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Logger log = LoggerFactory.getLogger(ExportSteps.class);

    private final OperationRepository operations;
    private final AuditLog audit;
    private final OptionsReader optionsReader;
    private final ExportSource source;
    private final DataFolders folders;
    private final ObjectMapper mapper;
    private final int fetchSize;

    public ExportSteps(OperationRepository operations, AuditLog audit, OptionsReader optionsReader, ExportSource source,
                       DataFolders folders, ObjectMapper mapper, MigrationProperties properties) {
        this.operations = operations;
        this.audit = audit;
        this.optionsReader = optionsReader;
        this.source = source;
        this.folders = folders;
        this.mapper = mapper;
        this.fetchSize = properties.export().fetchSize();
    }

    /** Records the operation, opens the store cursor and the output file. */
    public ExportJob begin(Exchange exchange) throws IOException, SQLException {
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        String dataTypeName = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        String operationId = operations.create(OperationType.EXPORT, dataTypeName, user, null, false);
        exchange.setProperty(OPERATION_ID, operationId);
        Instant startedAt = Instant.now();
        exchange.setProperty("exportStartedAt", startedAt);

        ExportOptions options = optionsReader.exportOptions(exchange.getMessage().getHeader(MigrationHeaders.OPTIONS));
        DataType dataType = DataType.parse(dataTypeName).orElseThrow(() -> new InvalidOptionsException(
                "dataType must be contexts, sessions or templates, not '" + dataTypeName + "'"));
        operations.describe(operationId, dataType.key(), options.format(), null, false);

        Set<String> omitted = new HashSet<>();
        if (!options.metadata()) {
            omitted.add("metadata");
        }
        if (!options.binaryData()) {
            omitted.add("attachments");
        }
        ExportCursor cursor = source.open(dataType, omitted, options.filters(), fetchSize);
        String name = dataType.key() + "-" + STAMP.format(startedAt) + "-" + operationId.substring(0, 8) + "."
                + options.format();
        Path part = folders.outbox().resolve("." + name + ".part");
        MeteredOutput output;
        JsonRecordWriter writer;
        try {
            output = new MeteredOutput(Files.newOutputStream(part));
            writer = new JsonRecordWriter(new BufferedOutputStream(output, 64 * 1024), mapper,
                    options.format().equals("json"));
        } catch (IOException | RuntimeException e) {
            cursor.close();
            Files.deleteIfExists(part);
            throw e;
        }
        ExportJob job = new ExportJob(operationId, user, dataType, options, cursor, output, writer, part,
                folders.outbox().resolve(name), startedAt);
        exchange.setProperty(JOB, job);
        log.info("export {} started: {} records of {} as {} by {}", operationId, cursor.total(), dataType.key(),
                options.format(), user);
        return job;
    }

    public void write(List<ObjectNode> records, ExportJob job) throws IOException {
        job.write(records);
        if (job.progressDue(PROGRESS_EVERY)) {
            operations.progress(job.operationId(), "exporting", job.progress());
        }
    }

    public ExportResult complete(ExportJob job) throws IOException {
        job.finishFile();
        Path file = job.target();
        String name = file.getFileName().toString();
        ExportResult.ExportFile produced = new ExportResult.ExportFile(name, Files.size(file), job.output().sha256(),
                job.written(), "/api/data-migration/exports/" + job.operationId() + "/files/" + name);
        Instant completedAt = Instant.now();
        ExportResult result = new ExportResult(job.operationId(), OperationStatus.COMPLETED, job.dataType().key(),
                job.options().format(), job.written(), List.of(produced), job.options().compression(), false, null,
                job.startedAt(), completedAt, Duration.between(job.startedAt(), completedAt).toMillis(), false);
        operations.finish(job.operationId(), OperationStatus.COMPLETED, job.progress(), null, json(result));
        audit.record(new AuditLog.Entry(job.user(), "export", job.operationId(), job.dataType().key(), "completed",
                job.written(), name, produced.sha256(), "format=" + job.options().format()));
        log.info("export {} completed: {} records, {} bytes in {} ms", job.operationId(), job.written(),
                produced.sizeBytes(), result.durationMs());
        return result;
    }

    public ExportResult fail(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ExportJob job = exchange.getProperty(JOB, ExportJob.class);
        if (job != null) {
            job.abandon();
        }
        boolean badOptions = false;
        String message = null;
        for (Throwable t = error; t != null && message == null; t = t.getCause()) {
            if (t instanceof InvalidOptionsException) {
                badOptions = true;
                message = t.getMessage();
            }
        }
        if (message == null) {
            log.error("export failed", error);
            message = "internal error: " + (error == null ? "unknown" : error.getClass().getSimpleName())
                    + "; see the service log";
        }
        String operationId = exchange.getProperty(OPERATION_ID, String.class);
        Instant startedAt = exchange.getProperty("exportStartedAt", Instant.now(), Instant.class);
        Instant completedAt = Instant.now();
        String dataType = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        long written = job == null ? 0 : job.written();
        ExportResult result = new ExportResult(operationId, OperationStatus.FAILED, dataType,
                job == null ? null : job.options().format(), written, List.of(), "none", false, message, startedAt,
                completedAt, Duration.between(startedAt, completedAt).toMillis(), badOptions);
        if (operationId != null) {
            Progress p = job != null ? job.progress() : new Progress(0, 0L, 0, 0, 0, 0, 0, 0, null, 0, null);
            operations.finish(operationId, OperationStatus.FAILED, p, message, json(result));
            audit.record(new AuditLog.Entry(user, "export", operationId, dataType, "failed", written, null, null,
                    message));
        }
        log.info("export {} failed: {}", operationId, message);
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
