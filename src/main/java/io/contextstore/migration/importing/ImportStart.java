package io.contextstore.migration.importing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.format.EncryptedLayers;
import io.contextstore.migration.record.Excerpt;
import io.contextstore.migration.format.Reading;
import io.contextstore.migration.format.SplitManifest;
import io.contextstore.migration.mapping.MappedColumns;
import io.contextstore.migration.mapping.RecordMapping;
import io.contextstore.migration.mapping.TemplatePlan;
import io.contextstore.migration.mapping.Templates;
import io.contextstore.migration.mapping.Transformations;
import io.contextstore.migration.operation.Checkpoint;
import io.contextstore.migration.operation.ErrorHandling;
import io.contextstore.migration.operation.ImportOptions;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationType;
import io.contextstore.migration.operation.OptionsReader;
import io.contextstore.migration.operation.RunningOperations;
import io.contextstore.migration.record.DataType;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The start step of the import route: the operation's row (or the interrupted one a resume takes
 * up), the options, the template and mapping compiled, the input metered (bytes read, sha256)
 * and the store transaction opened. A processor, since it reads the caller's headers and body
 * whatever the entry point (inbox, REST, a user's route). Sets {@link ImportRun#PROPERTY} and
 * {@link Reading#PROPERTY}; the body becomes the metered input, the header
 * {@code MigrationInputName} its name.
 */
@Component
public class ImportStart implements Processor {

    static final String OPERATION_ID = "importOperationId";
    static final String STARTED_AT = "importStartedAt";
    static final String DRY_RUN = "importDryRun";
    static final String ERROR_HANDLING = "MigrationErrorHandling";
    /** The header with the name of the input being read (the file, a part, a zip entry, less the layers taken off). */
    public static final String INPUT_NAME = "MigrationInputName";
    private static final Logger log = LoggerFactory.getLogger(ImportStart.class);

    private final OperationRepository operations;
    private final OptionsReader optionsReader;
    private final ObjectMapper mapper;
    private final RunningOperations running;
    private final Transformations transformations;
    private final Templates templates;
    private final ImportTransactions transactions;
    private final LimitsProperties limits;
    private final DataFolders folders;
    private final int maxListedErrors;
    private final String defaultKey;
    private final long maxExpanded;
    private final long maxRatio;

    public ImportStart(OperationRepository operations, OptionsReader optionsReader, ObjectMapper mapper,
                       RunningOperations running, Transformations transformations, Templates templates,
                       ImportTransactions transactions, LimitsProperties limits, MigrationProperties properties,
                       DataFolders folders) {
        this.operations = operations;
        this.folders = folders;
        this.optionsReader = optionsReader;
        this.mapper = mapper;
        this.running = running;
        this.transformations = transformations;
        this.templates = templates;
        this.transactions = transactions;
        this.limits = limits;
        this.maxListedErrors = properties.importing().maxListedErrors();
        this.defaultKey = properties.key();
        this.maxExpanded = properties.maxExpandedSize() == null ? Long.MAX_VALUE : properties.maxExpandedSize().toBytes();
        this.maxRatio = properties.maxCompressionRatio() <= 0 ? Long.MAX_VALUE : properties.maxCompressionRatio();
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        String dataTypeName = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        Source source = source(exchange);
        String resumeId = exchange.getMessage().getHeader(MigrationHeaders.RESUME, String.class);
        String sha256 = exchange.getMessage().getHeader(MigrationHeaders.SOURCE_SHA256, String.class);
        Checkpoint checkpoint = null;
        String operationId;
        if (resumeId != null) {
            operationId = resumeId;
            checkpoint = operations.checkpointOf(resumeId, mapper);
        } else {
            OperationType type = exchange.getMessage().getHeader(MigrationHeaders.RECONCILE, false, Boolean.class)
                    ? OperationType.RECONCILE : OperationType.IMPORT;
            operationId = operations.create(type, dataTypeName, user, source.name(), false);
            if (sha256 != null) {
                operations.source(operationId, sha256,
                        exchange.getMessage().getHeader(MigrationHeaders.SOURCE_PATH, String.class));
            }
        }
        // registered at once, so a cancel while the input is being opened is seen by the import
        AtomicBoolean cancel = running.register(operationId);
        exchange.setProperty(OPERATION_ID, operationId);
        Instant startedAt = Instant.now();
        exchange.setProperty(STARTED_AT, startedAt);

        ImportOptions options = optionsReader.importOptions(
                exchange.getMessage().getHeader(MigrationHeaders.BASE_OPTIONS),
                exchange.getMessage().getHeader(MigrationHeaders.OPTIONS));
        exchange.setProperty(DRY_RUN, options.dryRun());
        DataType dataType = DataType.isAll(dataTypeName) ? null : DataType.parse(dataTypeName).orElseThrow(
                () -> new InvalidOptionsException("dataType must be contexts, sessions, templates or auto-detect, not '"
                        + Excerpt.of(dataTypeName) + "'"));
        String typeName = dataType == null ? "auto-detect" : dataType.key();
        TemplatePlan template = options.templateId() == null ? null : templates.plan(options.templateId());
        RecordMapping mapping = RecordMapping.compile(options.mapping(), transformations,
                template == null ? Map.of() : template.mapping());

        Path manifest = source.path() != null && SplitManifest.isManifest(source.name()) ? source.path() : null;
        MeteredInput input = new MeteredInput(source.open(), source.size(), sha256);
        String key = options.encryptionKey() != null ? options.encryptionKey() : defaultKey;
        ImportTally tally = new ImportTally(options.errorHandling(), maxListedErrors, limits);
        // an inbox file stays where it is until imported, so a lenient import of it commits as it goes
        // and a restart takes it up at its checkpoint; strict and dry runs stay one transaction, and so
        // does an input with an encrypted layer anywhere (aes-256-gcm, OpenPGP), which is authenticated
        // only at its end: known before the first record, or, failing that, once a layer is decrypted
        boolean checkpointed = sha256 != null && options.errorHandling() != ErrorHandling.STRICT && !options.dryRun()
                && source.path() != null && !EncryptedLayers.within(source.path(), source.name(), mapper);
        ImportRun[] made = new ImportRun[1];
        ExpansionGuard.Budget budget = new ExpansionGuard.Budget(
                () -> made[0].splitExport() ? made[0].partBytes().get() : input.bytesRead(), maxExpanded, maxRatio);
        Reading reading = new Reading(options.format(), options.csvDelimiter(), dataType,
                new MappedColumns(mapping, template), options.encoding());
        ImportRun run = new ImportRun(operationId, user, source.name(), manifest, options, mapping, template, input,
                key == null || key.isEmpty() ? null : key, budget, reading, startedAt, tally, checkpointed,
                new RejectsFile(folders.reports(), operationId, source.name()));
        made[0] = run;
        run.cancelFlag(cancel);
        if (exchange.getMessage().getHeader(MigrationHeaders.RECONCILE, false, Boolean.class)) {
            run.reconciling();
        }
        try {
            if (checkpoint != null) {
                tally.resumeFrom(checkpoint, mapper);
                run.skip(checkpoint.records());
            }
            operations.describe(operationId, typeName, options.format() == null ? null : options.format(),
                    source.size(), options.dryRun());
            transactions.begin(run);
        } catch (RuntimeException | IOException e) {
            input.stream().close();
            transactions.rollback(run);
            throw e;
        }
        exchange.setProperty(ImportRun.PROPERTY, run);
        // the error policy of the import-refusals route, read once, not per batch
        exchange.setProperty(ERROR_HANDLING, options.errorHandling().name());
        exchange.setProperty(Reading.PROPERTY, reading);
        exchange.getMessage().setHeader(INPUT_NAME, source.name());
        // the readers may close their input early; the rest is still read for the audit log's sha256
        exchange.getMessage().setBody(manifest != null ? null : CloseShieldInputStream.wrap(input.stream()));
        if (manifest != null) {
            input.stream().close();
        }
        log.info("import {} started: {} from {} by {}", operationId, typeName, source.name(), user);
    }

    private record Source(String name, Path path, InputStream stream) {
        InputStream open() throws IOException {
            return path != null ? Files.newInputStream(path) : stream;
        }

        Long size() throws IOException {
            return path != null ? Files.size(path) : null;
        }
    }

    private static Source source(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String name = exchange.getMessage().getHeader(MigrationHeaders.FILE_NAME, String.class);
        Path path = null;
        if (body instanceof Path p) {
            path = p;
        } else if (body instanceof File f) {
            path = f.toPath();
        } else if (body instanceof GenericFile<?> g && g.getFile() instanceof File f) {
            path = f.toPath();
        }
        if (path != null) {
            return new Source(name != null ? name : path.getFileName().toString(), path, null);
        }
        InputStream stream = exchange.getMessage().getBody(InputStream.class);
        if (stream == null) {
            throw new InvalidOptionsException("the import has no input");
        }
        return new Source(name, null, stream);
    }
}
