package io.contextstore.migration.operation;

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
import io.contextstore.migration.store.DataType;
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

/** The beginning and the end of the export route, and the write step between them. */
@Component
public class ExportSteps {

    public static final String JOB = "exportJob";
    private static final String OPERATION_ID = "exportOperationId";
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** The version of the export layout, in the export header. */
    static final String FORMAT_VERSION = "1.0";
    private static final Logger log = LoggerFactory.getLogger(ExportSteps.class);

    private final OperationRepository operations;
    private final AuditLog audit;
    private final OptionsReader optionsReader;
    private final ExportSource source;
    private final DataFolders folders;
    private final ObjectMapper mapper;
    private final RecordWriters writers;
    private final int fetchSize;
    private final RunningOperations running;
    private final ExportWatermarks watermarks;
    private final Templates templates;
    private final MigrationMetrics metrics;
    private final String defaultKey;
    private final MigrationProperties properties;

    public ExportSteps(OperationRepository operations, AuditLog audit, OptionsReader optionsReader, ExportSource source,
                       DataFolders folders, ObjectMapper mapper, RecordWriters writers,
                       MigrationProperties properties, RunningOperations running, ExportWatermarks watermarks,
                       Templates templates, MigrationMetrics metrics) {
        this.metrics = metrics;
        this.templates = templates;
        this.defaultKey = properties.key();
        this.properties = properties;
        this.running = running;
        this.watermarks = watermarks;
        this.writers = writers;
        this.operations = operations;
        this.audit = audit;
        this.optionsReader = optionsReader;
        this.source = source;
        this.folders = folders;
        this.mapper = mapper;
        this.fetchSize = properties.export().fetchSize();
    }

    /** Records the operation, opens the store cursors and the output file. */
    public ExportJob begin(Exchange exchange) throws IOException, SQLException {
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        String dataTypeName = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        String given = exchange.getMessage().getHeader(MigrationHeaders.OPERATION_ID, String.class);
        String operationId = given != null ? given : operations.create(OperationType.EXPORT, dataTypeName, user, null,
                false);
        running.register(operationId);
        exchange.setProperty(OPERATION_ID, operationId);
        Instant startedAt = Instant.now();
        exchange.setProperty("exportStartedAt", startedAt);

        ExportOptions options = optionsReader.exportOptions(exchange.getMessage().getHeader(MigrationHeaders.OPTIONS));
        boolean all = DataType.isAll(dataTypeName);
        List<DataType> types = all ? List.of(DataType.values()) : List.of(DataType.parse(dataTypeName).orElseThrow(
                () -> new InvalidOptionsException("dataType must be contexts, sessions, templates or all, not '"
                        + dataTypeName + "'")));
        if (all && options.format().equals("ndjson")) {
            throw new InvalidOptionsException("ndjson holds records of one data type; export all as json, csv, xml, "
                    + "yaml or markdown");
        }
        String typeName = all ? "all" : types.get(0).key();
        String key = options.encryptionKey() != null ? options.encryptionKey() : defaultKey;
        MigrationProperties.Pgp pgp = properties.pgp();
        if (options.pgp() && (pgp == null || pgp.publicKeyring() == null)) {
            throw new InvalidOptionsException("pgp encryption needs migration.pgp.public-keyring configured");
        }
        if (options.encrypted() && !options.pgp() && (key == null || key.isEmpty())) {
            throw new InvalidOptionsException("encryption needs a key: options.encryption.key or MIGRATION_KEY");
        }
        TemplatePlan template = options.templateId() == null ? null : templates.plan(options.templateId());
        if (template != null && all) {
            throw new InvalidOptionsException("templateId applies to one data type, not to all");
        }
        operations.describe(operationId, typeName, options.format(), null, false);

        Set<String> omitted = new HashSet<>();
        if (!options.metadata()) {
            omitted.add("metadata");
        }
        if (!options.binaryData()) {
            omitted.add("attachments");
        }
        Instant since = options.since();
        Instant watermark = null;
        WatermarkScope scope = null;
        if (options.incremental() != null) {
            // only the schedule route sets this header (the API drops every Migration* header a client
            // sends), so no caller reads or moves a schedule's watermark, whatever its user name
            String schedule = exchange.getMessage().getHeader(MigrationHeaders.SCHEDULE, String.class);
            String filters = options.filters().canonical();
            scope = schedule != null ? WatermarkScope.ofSchedule(schedule, options.incremental(), typeName, filters)
                    : WatermarkScope.ofUser(user, options.incremental(), typeName, filters);
            since = watermarks.get(scope);
            watermark = watermarks.markFor(startedAt);
        }
        boolean rawJson = template == null && (options.format().equals("json") || options.format().equals("ndjson"));
        Map<DataType, CsvColumns> columns = new EnumMap<>(DataType.class);
        if (options.format().equals("csv")) {
            for (DataType type : types) {
                columns.put(type, template != null ? CsvColumns.forFields(template.exportFields())
                        : csvColumns(type, omitted, options, since));
            }
        }
        List<ExportJob.Section> sections = new ArrayList<>();
        try {
            for (DataType type : types) {
                sections.add(new ExportJob.Section(type, source.open(type, omitted, options.filters(), since, fetchSize, rawJson)));
            }
        } catch (SQLException | RuntimeException e) {
            sections.forEach(section -> section.cursor().close());
            throw e;
        }
        long total = sections.stream().mapToLong(section -> section.cursor().total()).sum();
        // all types with compression zip, and CSV of all types, are one zip with a file per type
        boolean zipPerType = all && (options.format().equals("csv")
                || Compression.parse(options.compression()) == Compression.ZIP);
        ExportLayout layout = new ExportLayout(types, all, options.metadata() ? header(startedAt, typeName, total) : null,
                options.spreadsheetSafe(), columns, zipPerType);
        String base = typeName + "-" + STAMP.format(startedAt) + "-" + operationId.substring(0, 8);
        String extension = RecordWriters.extension(options.format(), zipPerType);
        Compression compression = zipPerType && Compression.parse(options.compression()) == Compression.ZIP
                ? Compression.NONE : Compression.parse(options.compression());
        long maxPartBytes = options.maxPartBytes();
        ExportPart.Opener opener = index -> {
            String document = base + (maxPartBytes > 0 ? String.format(".part%03d", index) : "") + "." + extension;
            String name = document + compression.extension() + (options.pgp() ? ".pgp" : options.encrypted() ? ".enc" : "");
            Path partFile = folders.outbox().resolve("." + name + ".part");
            MeteredOutput output = new MeteredOutput(Files.newOutputStream(partFile));
            try {
                // marshal, then compress, then encrypt (SPEC §8): each layer wraps the next one out
                OutputStream sealed = options.pgp()
                        ? OpenPgp.encrypt(output, pgp.publicKeyring(), options.recipient() != null ? options.recipient()
                        : pgp.recipient(), document + compression.extension())
                        : options.encrypted() ? SegmentedAead.encrypt(output, AeadKey.of(key)) : output;
                OutputStream packed = compression.compress(sealed, document);
                CountingOutputStream content = new CountingOutputStream(new BufferedOutputStream(packed, 64 * 1024));
                return new ExportPart(partFile, folders.outbox().resolve(name), output, content,
                        writers.open(options.format(), content, layout));
            } catch (IOException | RuntimeException e) {
                output.close();
                Files.deleteIfExists(partFile);
                throw e;
            }
        };
        ExportJob job;
        try {
            job = new ExportJob(operationId, user, typeName, options, sections, opener, maxPartBytes, startedAt, since,
                    scope, watermark, template, zipPerType ? "zip" : options.compression());
        } catch (IOException | RuntimeException e) {
            sections.forEach(section -> section.cursor().close());
            throw e;
        }
        exchange.setProperty("exportBaseName", base);
        job.cancelFlag(running.register(operationId));
        exchange.setProperty(JOB, job);
        log.info("export {} started: {} records of {} as {} by {}", operationId, total, typeName, options.format(), user);
        return job;
    }

    /**
     * CSV needs its header before the first row: a first pass over the tags and metadata of the
     * records to export finds the key paths that become columns and the types their cells need.
     */
    private CsvColumns csvColumns(DataType type, Set<String> omitted, ExportOptions options, Instant since)
            throws SQLException {
        Set<String> others = new HashSet<>();
        type.fields().forEach(f -> others.add(f.name()));
        others.removeAll(List.of("metadata", "tags"));
        others.addAll(omitted);
        if (others.size() == type.fields().size()) {
            return CsvColumns.plan(type, omitted, java.util.Collections.emptyIterator());
        }
        try (ExportCursor planned = source.open(type, others, options.filters(), since, fetchSize, false)) {
            return CsvColumns.plan(type, omitted, planned);
        }
    }

    private static String url(ExportJob job, String name) {
        return "/api/data-migration/exports/" + job.operationId() + "/files/" + name;
    }

    /**
     * {@code <name>.manifest.json}: the parts of a split export in order, each with its records,
     * size and sha256, so an import can check every part before it stores anything.
     */
    private ExportResult.ExportFile manifest(ExportJob job, String base, List<ExportResult.ExportFile> parts)
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
            Files.move(partFile, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partFile);
        }
        job.produced(target);
        return new ExportResult.ExportFile(name, Files.size(target), out.sha256(), job.written(), url(job, name));
    }

    private ObjectNode header(Instant exportedAt, String dataType, long recordCount) {
        ObjectNode header = mapper.createObjectNode();
        header.put("exportedAt", exportedAt.toString());
        header.put("dataType", dataType);
        header.put("recordCount", recordCount);
        header.put("version", FORMAT_VERSION);
        return header;
    }

    public void write(ExportJob.Page page, ExportJob job) throws IOException {
        job.write(page, metrics);
        if (job.progressDue(PROGRESS_EVERY)) {
            operations.progress(job.operationId(), "exporting", job.progress());
        }
    }

    public ExportResult complete(ExportJob job, Exchange exchange) throws IOException {
        running.finished(job.operationId());
        List<ExportResult.ExportFile> produced = new ArrayList<>();
        for (ExportJob.Finished f : job.finishFiles()) {
            produced.add(new ExportResult.ExportFile(f.name(), f.sizeBytes(), f.sha256(), f.records(), url(job, f.name())));
        }
        if (job.split()) {
            produced.add(manifest(job, exchange.getProperty("exportBaseName", String.class), produced));
        }
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

    public ExportResult fail(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ExportJob job = exchange.getProperty(JOB, ExportJob.class);
        if (job != null) {
            job.abandon();
        }
        boolean badOptions = false;
        boolean cancelled = false;
        String message = null;
        for (Throwable t = error; t != null && message == null; t = t.getCause()) {
            if (t instanceof InvalidOptionsException) {
                badOptions = true;
                message = t.getMessage();
            } else if (t instanceof StoreChangedException) {
                message = t.getMessage();
            } else if (t instanceof java.nio.file.FileSystemException fs) {
                log.warn("export failed: {}", fs.getMessage());
                message = "the export file cannot be written: " + IoMessages.describe(fs);
            } else if (t instanceof OperationCancelledException) {
                cancelled = true;
                message = "cancelled on request after " + (job == null ? 0 : job.written())
                        + " records; the partial file was deleted";
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
        OperationStatus status = cancelled ? OperationStatus.CANCELLED : OperationStatus.FAILED;
        ExportResult result = new ExportResult(operationId, status, dataType,
                job == null ? null : job.options().format(), written, List.of(), "none", false, message, startedAt,
                completedAt, Duration.between(startedAt, completedAt).toMillis(), badOptions);
        if (operationId != null) {
            Progress p = job != null ? job.progress() : new Progress(0, 0L, 0, 0, 0, 0, 0, 0, null, 0, null);
            running.finished(operationId);
            operations.finish(operationId, status, p, message, json(result));
            audit.record(new AuditLog.Entry(user, "export", operationId, dataType, status.value(), written, null, null,
                    message));
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
