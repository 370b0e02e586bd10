package io.contextstore.migration.operation;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.format.Detected;
import io.contextstore.migration.format.EncryptedLayers;
import io.contextstore.migration.format.IoMessages;
import io.contextstore.migration.format.RecordFormats;
import io.contextstore.migration.format.UnreadableInputException;
import io.contextstore.migration.format.UnsupportedFormatException;
import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.format.SplitManifest;
import io.contextstore.migration.format.Unpacking;
import io.contextstore.migration.mapping.RecordMapping;
import io.contextstore.migration.mapping.TemplatePlan;
import io.contextstore.migration.mapping.Templates;
import io.contextstore.migration.mapping.Transformations;
import io.contextstore.migration.operation.ImportResult.FailureKind;
import io.contextstore.migration.store.DataType;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The beginning and the end of the import route. One store transaction spans from {@link #begin}
 * to {@link #complete} or {@link #fail}: strict imports are all or nothing, a crash leaves nothing
 * half written, and a dry run is the real run rolled back, so its counts are exactly a real run's.
 * (Camel's transacted EIP rolls back only on failure, which a dry run is not.)
 */
@Component
public class ImportSteps {

    public static final String JOB = "importJob";
    static final String OPERATION_ID = "importOperationId";
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(ImportSteps.class);

    private final OperationRepository operations;
    private final AuditLog audit;
    private final OptionsReader optionsReader;
    private final RecordFormats formats;
    private final PlatformTransactionManager transactions;
    private final ObjectMapper mapper;
    private final int maxListedErrors;
    private final String defaultKey;
    private final MigrationProperties.Pgp pgp;
    private final long maxExpanded;
    private final long maxRatio;
    private final RunningOperations running;
    private final Transformations transformations;
    private final Templates templates;
    private final MigrationMetrics metrics;
    private final io.contextstore.migration.store.RecordStore store;
    private final Duration checkpointEvery;
    private final io.contextstore.migration.config.LimitsProperties limits;

    public ImportSteps(OperationRepository operations, AuditLog audit, OptionsReader optionsReader,
                       RecordFormats formats, PlatformTransactionManager transactions, ObjectMapper mapper,
                       MigrationProperties properties, RunningOperations running,
                       Transformations transformations, Templates templates, MigrationMetrics metrics,
                       io.contextstore.migration.store.RecordStore store,
                       io.contextstore.migration.config.LimitsProperties limits) {
        this.limits = limits;
        this.store = store;
        this.checkpointEvery = properties.inbox().checkpointEvery();
        this.metrics = metrics;
        this.templates = templates;
        this.running = running;
        this.transformations = transformations;
        this.operations = operations;
        this.audit = audit;
        this.optionsReader = optionsReader;
        this.formats = formats;
        this.transactions = transactions;
        this.mapper = mapper;
        this.maxListedErrors = properties.importing().maxListedErrors();
        this.defaultKey = properties.key();
        this.pgp = properties.pgp();
        this.maxExpanded = properties.maxExpandedSize() == null ? Long.MAX_VALUE : properties.maxExpandedSize().toBytes();
        this.maxRatio = properties.maxCompressionRatio() <= 0 ? Long.MAX_VALUE : properties.maxCompressionRatio();
    }

    /** Records the operation, checks the options, sniffs the input and opens the store transaction. */
    public ImportJob begin(Exchange exchange) throws IOException {
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        String dataTypeName = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        Source source = source(exchange);
        String resumeId = exchange.getMessage().getHeader(MigrationHeaders.RESUME, String.class);
        String sha256 = exchange.getMessage().getHeader(MigrationHeaders.SOURCE_SHA256, String.class);
        Checkpoint checkpoint = null;
        String operationId;
        if (resumeId != null) {
            operationId = resumeId;
            exchange.setProperty(OPERATION_ID, operationId);
            checkpoint = operations.checkpointOf(resumeId, mapper);
        } else {
            operationId = operations.create(OperationType.IMPORT, dataTypeName, user, source.name(), false);
            if (sha256 != null) {
                operations.source(operationId, sha256,
                        exchange.getMessage().getHeader(MigrationHeaders.SOURCE_PATH, String.class));
            }
        }
        // registered at once, so a cancel while the input is being sniffed is seen by the job
        java.util.concurrent.atomic.AtomicBoolean cancel = running.register(operationId);
        exchange.setProperty(OPERATION_ID, operationId);
        exchange.setProperty("importStartedAt", Instant.now());

        ImportOptions options = optionsReader.importOptions(
                exchange.getMessage().getHeader(MigrationHeaders.BASE_OPTIONS),
                exchange.getMessage().getHeader(MigrationHeaders.OPTIONS));
        exchange.setProperty("importDryRun", options.dryRun());
        DataType dataType = DataType.isAll(dataTypeName) ? null : DataType.parse(dataTypeName).orElseThrow(
                () -> new InvalidOptionsException("dataType must be contexts, sessions, templates or auto-detect, not '"
                        + io.contextstore.migration.format.Excerpt.of(dataTypeName) + "'"));
        String typeName = dataType == null ? "auto-detect" : dataType.key();
        TemplatePlan template = options.templateId() == null ? null : templates.plan(options.templateId());
        RecordMapping mapping = RecordMapping.compile(options.mapping(), transformations,
                template == null ? java.util.Map.of() : template.mapping());

        MeteredInput input = new MeteredInput(source.open(), source.size(), sha256);
        RecordFormats.Opened opened;
        Unpacking unpacking;
        try {
            String key = options.encryptionKey() != null ? options.encryptionKey() : defaultKey;
            unpacking = new Unpacking(key == null || key.isEmpty() ? null : key,
                    new ExpansionGuard.Budget(input::bytesRead, maxExpanded, maxRatio),
                    pgp == null ? null : pgp.secretKeyring(), pgp == null ? null : pgp.passphrase())
                    .withCsvFields(new io.contextstore.migration.mapping.MappedColumns(mapping, template))
                    .withEncoding(options.encoding());
            if (source.path() != null && SplitManifest.isManifest(source.name())) {
                // a split export: its parts, beside the manifest, are checked and read in order
                input.stream().close();
                opened = formats.openParts(source.path(), options.format(), options.csvDelimiter(), dataType, unpacking);
            } else {
                // the reader may close its input early; the rest is still read for the audit log's sha256
                opened = formats.open(org.apache.commons.io.input.CloseShieldInputStream.wrap(input.stream()),
                        source.name(), options.format(), options.csvDelimiter(), dataType, unpacking);
            }
        } catch (RuntimeException | IOException e) {
            input.stream().close();
            throw e;
        }
        ImportJob job = new ImportJob(operationId, user, source.name(), dataType, options, mapping, input,
                opened.reader(), opened.detected(), maxListedErrors,
                exchange.getProperty("importStartedAt", Instant.class), limits);
        job.template(template);
        // an inbox file stays where it is until imported, so a lenient import of it commits as it goes
        // and a restart takes it up at its checkpoint; strict and dry runs stay one transaction, and so
        // does an input with an encrypted layer anywhere (aes-256-gcm, OpenPGP), which is authenticated
        // only at its end: known before the first record, or, failing that, once a layer is decrypted
        job.checkpointed(sha256 != null && options.errorHandling() != ErrorHandling.STRICT && !options.dryRun()
                && !unpacking.decrypting().get() && source.path() != null
                && !EncryptedLayers.within(source.path(), source.name(), mapper),
                unpacking.decrypting()::get);
        try {
            if (checkpoint != null) {
                job.resumeFrom(checkpoint, mapper);
            }
            operations.describe(operationId, typeName, opened.detected().format(), source.size(), options.dryRun());
            beginTransaction(job);
        } catch (RuntimeException | IOException e) {
            job.closeReader();
            // not left bound to this thread, where the next import would join it
            if (job.transaction() != null && !job.transaction().isCompleted()) {
                transactions.rollback(job.transaction());
            }
            throw e;
        }
        job.cancelFlag(cancel);
        exchange.setProperty(JOB, job);
        log.info("import {} started: {} {} from {} by {}", operationId, typeName, opened.detected().format(),
                source.name(), user);
        return job;
    }

    private void beginTransaction(ImportJob job) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setName("import-" + job.operationId());
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        job.transaction(transactions.getTransaction(definition));
        store.prepareImport();
    }

    /** Commits what was written with the checkpoint that says so, in one transaction. */
    private void commitWithCheckpoint(ImportJob job) throws IOException {
        operations.checkpoint(job.operationId(), job.read(), mapper.writeValueAsString(job.counts()),
                job.errorsSinceCheckpoint(mapper));
        transactions.commit(job.transaction());
        job.committed();
    }

    /** After each batch: the operation row shows how far the import has come. */
    public void progress(ImportJob job) throws IOException {
        job.report(metrics);
        if (job.checkpointDue(checkpointEvery)) {
            commitWithCheckpoint(job);
            beginTransaction(job);
        }
        if (job.progressDue(PROGRESS_EVERY)) {
            operations.progress(job.operationId(), "importing", job.progress());
        }
    }

    /** All records read: commit (or roll back a dry run) and report. */
    public ImportResult complete(ImportJob job) throws IOException {
        // closing reads what a reader left (an OpenPGP integrity check is at the end): a failure rolls back
        job.closeReaderOrFail();
        String sha256 = job.input().finishSha256();
        if (job.options().dryRun()) {
            transactions.rollback(job.transaction());
        } else {
            commitWithCheckpoint(job);
        }
        running.finished(job.operationId());
        OperationStatus status = job.failed() + job.skipped() > 0
                ? OperationStatus.COMPLETED_WITH_ERRORS : OperationStatus.COMPLETED;
        String message = job.options().dryRun() ? "dry run: nothing was written"
                : job.resumedAt() > 0 ? "resumed after an interruption at record " + (job.resumedAt() + 1) : null;
        return finish(job, status, message, FailureKind.NONE, sha256);
    }

    /** Anything that stopped the import: roll back, record why, and answer with a failed result. */
    public ImportResult fail(Exchange exchange) throws IOException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ImportJob job = exchange.getProperty(JOB, ImportJob.class);
        Failure failure = classify(error);
        if (job == null) {
            return failedBeforeStart(exchange, failure);
        }
        running.finished(job.operationId());
        if (failure.kind() == FailureKind.CANCELLED) {
            return cancelled(job);
        }
        if (failure.kind() == FailureKind.UNREADABLE_INPUT && error instanceof UnreadableInputException u) {
            job.stoppedReading(u.getMessage(), u.line(), u.offset());
        } else if (failure.kind() == FailureKind.INTERNAL) {
            job.stoppedReading(failure.message(), null, null);
        }
        String sha256 = job.input().finishSha256();
        job.closeReader();
        if (job.transaction() != null && !job.transaction().isCompleted()) {
            transactions.rollback(job.transaction());
        }
        job.rolledBack();
        String message = failure.message() + (job.successful() > 0
                ? "; the " + job.successful() + " records committed before it stay stored, nothing after them"
                : "; the import was rolled back, nothing was stored");
        return finish(job, OperationStatus.FAILED, message, failure.kind(), sha256);
    }

    /**
     * Stopped between batches on request: lenient and skip-errors imports keep the batches written so
     * far, a strict import keeps nothing (all or nothing), a dry run never keeps anything.
     */
    private ImportResult cancelled(ImportJob job) throws IOException {
        String sha256 = job.input().finishSha256();
        job.closeReader();
        boolean keep = job.options().errorHandling() != ErrorHandling.STRICT && !job.options().dryRun();
        if (keep) {
            commitWithCheckpoint(job);
        } else {
            transactions.rollback(job.transaction());
            job.rolledBack();
        }
        String message = "cancelled on request after " + job.read() + " records; "
                + (keep ? job.successful() + " records stored" : "nothing was stored");
        return finish(job, OperationStatus.CANCELLED, message, FailureKind.CANCELLED, sha256);
    }

    private ImportResult finish(ImportJob job, OperationStatus status, String message, FailureKind kind, String sha256) {
        Instant completedAt = Instant.now();
        Progress p = job.progress();
        ImportResult result = new ImportResult(job.operationId(), status, job.dataTypeName(), job.detected().format(),
                job.options().dryRun(), job.read(), job.successful(), job.failed(), job.skipped(), job.duplicates(),
                job.overwritten(), message, List.copyOf(job.errors()), List.copyOf(job.validationErrors()), job.listCut(),
                job.detectedNow(), job.startedAt(), completedAt,
                Duration.between(job.startedAt(), completedAt).toMillis(), kind);
        operations.finish(job.operationId(), job.dataTypeName(), status, p,
                status == OperationStatus.FAILED ? message : null, json(result));
        audit.record(new AuditLog.Entry(job.user(), job.options().dryRun() ? "import-dry-run" : "import",
                job.operationId(), job.dataTypeName(), status.value(), job.successful(), job.sourceName(), sha256,
                "total=" + job.read() + " failed=" + job.failed() + " skipped=" + job.skipped()
                        + " duplicates=" + job.duplicates() + " overwritten=" + job.overwritten()));
        log.info("import {} {}: {} read, {} stored, {} failed, {} skipped, {} duplicates in {} ms", job.operationId(),
                status.value(), job.read(), job.successful(), job.failed(), job.skipped(), job.duplicates(),
                result.durationMs());
        return result;
    }

    private ImportResult failedBeforeStart(Exchange exchange, Failure failure) {
        String operationId = exchange.getProperty(OPERATION_ID, String.class);
        if (operationId != null) {
            running.finished(operationId);
        }
        Instant startedAt = exchange.getProperty("importStartedAt", Instant.now(), Instant.class);
        Instant completedAt = Instant.now();
        String dataType = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        String fileName = exchange.getMessage().getHeader(MigrationHeaders.FILE_NAME, String.class);
        boolean dryRun = exchange.getProperty("importDryRun", false, Boolean.class);
        String format = RecordFormats.fromName(fileName);
        ImportResult result = new ImportResult(operationId, OperationStatus.FAILED, dataType, format, dryRun,
                0, 0, 0, 0, 0, 0, failure.message(), List.of(new RecordError(0, null, null, failure.message(), null)),
                List.of(), null, new Detected(format, null, null, false, null, null, dataType), startedAt, completedAt,
                Duration.between(startedAt, completedAt).toMillis(), failure.kind());
        if (operationId != null) {
            operations.finish(operationId, OperationStatus.FAILED,
                    new Progress(0, 0L, 0, 0, 0, 0, 0, 0, null, 0, null), failure.message(), json(result));
            audit.record(new AuditLog.Entry(user, "import", operationId, dataType, "failed", 0L, fileName, null,
                    failure.message()));
        }
        log.info("import {} failed before reading: {}", operationId, failure.message());
        return result;
    }

    private record Failure(FailureKind kind, String message) {
    }

    private Failure classify(Throwable error) {
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
            if (t instanceof RecordRejectedException) {
                return new Failure(FailureKind.REJECTED_RECORD, "strict mode: " + t.getMessage());
            }
            if (t instanceof java.nio.file.FileSystemException fs) {
                log.warn("import failed: {}", fs.getMessage());
                return new Failure(FailureKind.INTERNAL, "the input file cannot be read: " + IoMessages.describe(fs));
            }
        }
        log.error("import failed unexpectedly", error);
        return new Failure(FailureKind.INTERNAL, "internal error: "
                + (error == null ? "unknown" : error.getClass().getSimpleName()) + "; see the service log");
    }

    private String json(ImportResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
