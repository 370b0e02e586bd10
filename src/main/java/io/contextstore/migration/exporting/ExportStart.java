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
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import io.contextstore.migration.operation.ExportOptions;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.MigrationMetrics;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationType;
import io.contextstore.migration.operation.OptionsReader;
import io.contextstore.migration.operation.RunningOperations;
import java.util.Collections;

/**
 * The start step of the export route: the operation's row, the options checked, a database cursor
 * per data type with the filters in SQL, and the first part opened (through the export-part
 * route). A processor, since it reads the caller's headers whatever the entry point (REST, a
 * schedule, a user's route). Sets {@link ExportRun#PROPERTY}.
 */
@Component
public class ExportStart implements Processor {

    static final String OPERATION_ID = "exportOperationId";
    static final String STARTED_AT = "exportStartedAt";
    static final String FORMAT = "MigrationExportFormat";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** The version of the export layout, in the export header. */
    static final String FORMAT_VERSION = "1.0";
    private static final Logger log = LoggerFactory.getLogger(ExportStart.class);

    private final OperationRepository operations;
    private final OptionsReader optionsReader;
    private final ExportSource source;
    private final ObjectMapper mapper;
    private final int fetchSize;
    private final RunningOperations running;
    private final ExportWatermarks watermarks;
    private final Templates templates;
    private final MigrationMetrics metrics;
    private final String defaultKey;
    private final MigrationProperties properties;
    private final ExportParts parts;

    public ExportStart(OperationRepository operations, OptionsReader optionsReader, ExportSource source,
                       ObjectMapper mapper, MigrationProperties properties, RunningOperations running,
                       ExportWatermarks watermarks, Templates templates, MigrationMetrics metrics, ExportParts parts) {
        this.operations = operations;
        this.optionsReader = optionsReader;
        this.source = source;
        this.mapper = mapper;
        this.properties = properties;
        this.running = running;
        this.watermarks = watermarks;
        this.templates = templates;
        this.metrics = metrics;
        this.parts = parts;
        this.defaultKey = properties.key();
        this.fetchSize = properties.export().fetchSize();
    }

    @Override
    public void process(Exchange exchange) throws IOException, SQLException {
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        String dataTypeName = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        String given = exchange.getMessage().getHeader(MigrationHeaders.OPERATION_ID, String.class);
        String operationId = given != null ? given : operations.create(OperationType.EXPORT, dataTypeName, user, null,
                false);
        running.register(operationId);
        exchange.setProperty(OPERATION_ID, operationId);
        Instant startedAt = Instant.now();
        exchange.setProperty(STARTED_AT, startedAt);

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
        ExportDelivery delivery = exchange.getProperty(ExportDelivery.PROPERTY, ExportDelivery.class);
        if (options.toResponse() && delivery == null) {
            throw new InvalidOptionsException("delivery response writes the file into the answer of a REST export; "
                    + "here use delivery outbox");
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
            watermark = watermarks.markFor(startedAt, operations.oldestRunningImport());
        }
        boolean rawJson = template == null && (options.format().equals("json") || options.format().equals("ndjson"));
        Map<DataType, CsvColumns> columns = new EnumMap<>(DataType.class);
        if (options.format().equals("csv")) {
            for (DataType type : types) {
                columns.put(type, template != null ? CsvColumns.forFields(template.exportFields())
                        : csvColumns(type, omitted, options, since));
            }
        }
        List<ExportRun.Section> sections = new ArrayList<>();
        try {
            for (DataType type : types) {
                sections.add(new ExportRun.Section(type, source.open(type, omitted, options.lineage(),
                        options.filters(), since, fetchSize, rawJson)));
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
        ExportPart.Names names = new ExportPart.Names(base, maxPartBytes > 0, extension, compression,
                options.pgp() ? ".pgp" : options.encrypted() ? ".enc" : "");
        ExportRun job;
        try {
            job = new ExportRun(operationId, user, typeName, options, sections, parts::open, maxPartBytes, startedAt,
                    since, scope, watermark, template, zipPerType ? "zip" : options.compression(), metrics, layout,
                    names, key, options.toResponse() ? delivery : null);
            job.openFirstPart();
        } catch (IOException | RuntimeException e) {
            sections.forEach(section -> section.cursor().close());
            throw e;
        }
        job.cancelFlag(running.register(operationId));
        exchange.setProperty(ExportRun.PROPERTY, job);
        // the marshal step's data format, by the format's name (read once, not per page)
        exchange.setProperty(FORMAT, options.format());
        log.info("export {} started: {} records of {} as {} by {}", operationId, total, typeName, options.format(), user);
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
            return CsvColumns.plan(type, omitted, options.lineage(), Collections.emptyIterator());
        }
        try (ExportCursor planned = source.open(type, others, false, options.filters(), since, fetchSize, false)) {
            return CsvColumns.plan(type, omitted, options.lineage(), planned);
        }
    }

    private ObjectNode header(Instant exportedAt, String dataType, long recordCount) {
        ObjectNode header = mapper.createObjectNode();
        header.put("exportedAt", exportedAt.toString());
        header.put("dataType", dataType);
        header.put("recordCount", recordCount);
        header.put("version", FORMAT_VERSION);
        return header;
    }

}
