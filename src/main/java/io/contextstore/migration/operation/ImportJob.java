package io.contextstore.migration.operation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.EnumSet;
import java.util.Set;

import io.contextstore.migration.format.Detected;
import io.contextstore.migration.format.RecordReader;
import io.contextstore.migration.format.SourceRecord;
import io.contextstore.migration.mapping.RecordMapping;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.store.DataType;
import org.springframework.transaction.TransactionStatus;

/**
 * The state of one running import, carried through the route as an exchange property: the open
 * reader, the store transaction, and the outcome of every record so far.
 */
public class ImportJob {

    static final int SKIP_ERRORS_LISTED = 100;

    private final String operationId;
    private final String user;
    private final String sourceName;
    private final DataType dataType;
    private final ImportOptions options;
    private final RecordMapping mapping;
    private io.contextstore.migration.mapping.TemplatePlan template;
    private final MeteredInput input;
    private final RecordReader reader;
    private final Detected detected;
    private final int maxListed;
    private final long maxBatchBytes;
    private final long maxListedBytes;
    private long listedBytes;
    private boolean listCut;
    private final Instant startedAt;
    private final ProgressClock clock = new ProgressClock();
    private TransactionStatus transaction;
    private java.util.concurrent.atomic.AtomicBoolean cancelFlag = new java.util.concurrent.atomic.AtomicBoolean();

    private long read;
    private long successful;
    private long failed;
    private long skipped;
    private long duplicates;
    private long overwritten;
    private final List<RecordError> errors = new ArrayList<>();
    private final List<ValidationError> validationErrors = new ArrayList<>();
    private final Set<DataType> typesSeen = EnumSet.noneOf(DataType.class);
    private DataType lastShape;
    private final long[] reported = new long[6];
    private long lastBatchNanos = System.nanoTime();

    // committing as it goes (see ImportSteps): what the last commit holds, and where a resume starts
    private boolean checkpointed;
    private java.util.function.BooleanSupplier decrypting = () -> false;
    private final ProgressClock checkpointClock = new ProgressClock();
    private long committedSuccessful;
    private long committedOverwritten;
    private long resumedAt;
    private long toSkip;
    private int errorsCheckpointed;
    private int validationErrorsCheckpointed;

    ImportJob(String operationId, String user, String sourceName, DataType dataType, ImportOptions options,
              RecordMapping mapping, MeteredInput input, RecordReader reader, Detected detected, int maxListed,
              Instant startedAt, io.contextstore.migration.config.LimitsProperties limits) {
        this.maxBatchBytes = limits.maxBatchBytes().toBytes();
        this.maxListedBytes = limits.maxListedErrorBytes().toBytes();
        this.operationId = operationId;
        this.user = user;
        this.sourceName = sourceName;
        this.dataType = dataType;
        this.options = options;
        this.mapping = mapping;
        this.input = input;
        this.reader = reader;
        this.detected = detected;
        this.maxListed = options.errorHandling() == ErrorHandling.SKIP_ERRORS ? SKIP_ERRORS_LISTED : maxListed;
        this.startedAt = startedAt;
    }

    /**
     * The input in batches of {@code batchSize} records, read lazily as the route asks for them. A
     * batch also closes once its records hold {@code migration.limits.max-batch-bytes} of content,
     * so a batch of large records is never {@code batchSize} times their size in memory.
     */
    public Iterator<List<SourceRecord>> getBatches() {
        return new Iterator<>() {
            // once the reader has failed, the input is not read again (Camel asks once more when it lets go)
            private boolean failed;

            @Override
            public boolean hasNext() {
                return !failed && guarded(() -> skipCommitted() && reader.hasNext());
            }

            /** A resumed import reads past the records a previous run committed, without writing them again. */
            private boolean skipCommitted() {
                for (; toSkip > 0 && reader.hasNext(); toSkip--) {
                    reader.next();
                }
                toSkip = 0;
                return true;
            }

            @Override
            public List<SourceRecord> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (cancelFlag.get()) {
                    throw new OperationCancelledException();
                }
                List<SourceRecord> batch = new ArrayList<>(Math.min(options.batchSize(), 1024));
                long bytes = 0;
                while (batch.size() < options.batchSize() && bytes < maxBatchBytes && guarded(reader::hasNext)) {
                    SourceRecord record = reader.next();
                    bytes += record.contentBytes();
                    batch.add(record);
                    read++;
                }
                return batch;
            }

            private boolean guarded(java.util.function.BooleanSupplier step) {
                try {
                    return step.getAsBoolean();
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }
        };
    }

    /**
     * The type a record is stored as: the import's, else the one its input section names, else the
     * one its shape suggests.
     */
    public DataType typeOf(SourceRecord record, ObjectNode fields) {
        DataType type = dataType != null ? dataType : record.dataType();
        if (type == null) {
            type = DataType.byShape(fields, lastShape);
            lastShape = type;
        }
        typesSeen.add(type);
        return type;
    }

    /** The data type of the result: the one asked for, else the one found, else {@code all}. */
    String dataTypeName() {
        if (dataType != null) {
            return dataType.key();
        }
        return typesSeen.size() == 1 ? typesSeen.iterator().next().key() : "all";
    }

    Detected detectedNow() {
        return dataType != null ? detected : detected.withDataType(typesSeen.isEmpty() ? null : dataTypeName());
    }

    public void created() {
        successful++;
    }

    public void overwrote() {
        successful++;
        overwritten++;
    }

    public void duplicateSkipped() {
        duplicates++;
    }

    /**
     * A record that cannot be stored. Strict mode ends the import here; lenient lists it as failed;
     * skip-errors counts it as skipped and lists the first ones.
     */
    public void reject(SourceRecord record, String error, List<ValidationError> fieldErrors) {
        if (options.errorHandling() == ErrorHandling.SKIP_ERRORS) {
            skipped++;
        } else {
            failed++;
        }
        RecordError listed = new RecordError(record.position(), record.line(), record.offset(), error,
                truncate(record.rawText()));
        if (errors.size() < maxListed && fits(bytes(listed))) {
            errors.add(listed);
        } else {
            listCut = true;
        }
        for (ValidationError fieldError : fieldErrors) {
            if (validationErrors.size() < maxListed && fits(bytes(fieldError))) {
                validationErrors.add(fieldError);
            } else {
                listCut = true;
            }
        }
        if (options.errorHandling() == ErrorHandling.STRICT) {
            throw new RecordRejectedException(record.position(), error);
        }
    }

    /** Counts an error against the listed bytes if there is room for it. */
    private boolean fits(long bytes) {
        if (listedBytes + bytes > maxListedBytes) {
            return false;
        }
        listedBytes += bytes;
        return true;
    }

    private static long bytes(RecordError e) {
        return 64 + length(e.error()) + length(e.data());
    }

    private static long bytes(ValidationError e) {
        return 48 + length(e.field()) + length(e.rule()) + length(e.message());
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    /**
     * When the lists of errors stop short of the failures counted: why, and the limits; null when
     * every failure is listed.
     */
    String listCut() {
        if (!listCut) {
            return null;
        }
        return "not every error is listed: the lists stop at " + maxListed + " entries"
                + (maxListed == SKIP_ERRORS_LISTED ? " (skip-errors)" : " (migration.import.max-listed-errors)")
                + " or " + io.contextstore.migration.config.LimitsProperties.readable(maxListedBytes)
                + " (migration.limits.max-listed-error-bytes); the counts are exact";
    }

    /** An error that is not one record's (unreadable input): listed at the position where reading stopped. */
    void stoppedReading(String error, Long line, Long offset) {
        errors.add(new RecordError(read + 1, line, offset, error, null));
    }

    /**
     * What was written since the last commit (all of it, when nothing was committed on the way) was
     * rolled back: every record read since that was not failed or a duplicate counts as skipped,
     * including those of the batch that was being read.
     */
    void rolledBack() {
        successful = committedSuccessful;
        overwritten = committedOverwritten;
        skipped = read - failed - duplicates - successful;
    }

    /** The store transaction was committed: a later failure rolls back only what comes after. */
    void committed() {
        committedSuccessful = successful;
        committedOverwritten = overwritten;
    }

    /** Takes up an interrupted import where its last commit left it. */
    void resumeFrom(Checkpoint checkpoint, com.fasterxml.jackson.databind.ObjectMapper mapper) throws IOException {
        read = checkpoint.records();
        successful = checkpoint.counts().successful();
        failed = checkpoint.counts().failed();
        skipped = checkpoint.counts().skipped();
        duplicates = checkpoint.counts().duplicates();
        overwritten = checkpoint.counts().overwritten();
        committed();
        resumedAt = read;
        toSkip = read;
        if (checkpoint.errorsJson() != null) {
            ListedErrors listed = mapper.readValue(checkpoint.errorsJson(), ListedErrors.class);
            errors.addAll(listed.errors());
            validationErrors.addAll(listed.validationErrors());
            listed.errors().forEach(e -> listedBytes += bytes(e));
            listed.validationErrors().forEach(e -> listedBytes += bytes(e));
            listCut = checkpoint.counts().failed() + checkpoint.counts().skipped() > listed.errors().size();
        }
        errorsCheckpointed = errors.size();
        validationErrorsCheckpointed = validationErrors.size();
    }


    Checkpoint.Counts counts() {
        return new Checkpoint.Counts(successful, failed, skipped, duplicates, overwritten);
    }

    /**
     * The first errors listed, as JSON, when they changed since the last checkpoint, else null. Only
     * the first {@value #SKIP_ERRORS_LISTED} of each kind: a checkpoint is written every second, and
     * a resumed import lists those and the ones after the interruption (its counts stay exact).
     */
    String errorsSinceCheckpoint(com.fasterxml.jackson.databind.ObjectMapper mapper) throws IOException {
        int listed = Math.min(errors.size(), SKIP_ERRORS_LISTED);
        int validationListed = Math.min(validationErrors.size(), SKIP_ERRORS_LISTED);
        if (listed == errorsCheckpointed && validationListed == validationErrorsCheckpointed) {
            return null;
        }
        errorsCheckpointed = listed;
        validationErrorsCheckpointed = validationListed;
        return mapper.writeValueAsString(new ListedErrors(errors.subList(0, listed),
                validationErrors.subList(0, validationListed)));
    }

    record ListedErrors(List<RecordError> errors, List<ValidationError> validationErrors) {
    }

    boolean checkpointDue(Duration every) {
        return checkpointed && !decrypting.getAsBoolean() && checkpointClock.due(every);
    }

    /** Where a resumed import started again (0: from the start). */
    long resumedAt() {
        return resumedAt;
    }

    /** What changed since the last report, as meter increments; called after each batch and at the end. */
    void report(MigrationMetrics metrics) {
        String type = dataTypeName();
        long[] now = {read, successful, failed, skipped, duplicates, input.bytesRead()};
        String[] outcomes = {"read", "stored", "failed", "skipped", "duplicate"};
        for (int i = 0; i < outcomes.length; i++) {
            metrics.records("import", type, outcomes[i], now[i] - reported[i]);
        }
        metrics.bytes("import", type, now[5] - reported[5]);
        System.arraycopy(now, 0, reported, 0, now.length);
        long t = System.nanoTime();
        metrics.batch("import", type, t - lastBatchNanos);
        lastBatchNanos = t;
    }

    boolean progressDue(Duration every) {
        return clock.due(every);
    }

    Progress progress() {
        double seconds = clock.seconds();
        long bytesRead = input.bytesRead();
        Long bytesTotal = input.bytesTotal();
        Instant eta = null;
        Long estimatedTotal = null;
        if (bytesTotal != null && bytesTotal > 0 && bytesRead > 0) {
            double left = Math.max(bytesTotal - bytesRead, 0) / (double) bytesRead;
            eta = Instant.now().plusMillis((long) (seconds * 1000 * left));
            estimatedTotal = Math.round(read * (bytesTotal / (double) bytesRead));
        }
        return new Progress(read, estimatedTotal, successful, failed, skipped, duplicates, overwritten,
                bytesRead, bytesTotal, (read - resumedAt) / seconds, eta);
    }

    /**
     * The record as it arrived, for the error list: at most 4096 characters, never cut inside a
     * surrogate pair, and a lone surrogate or NUL written as its escape, since no store or UTF-8
     * answer can carry it (it would come out as '?').
     */
    static String truncate(String raw) {
        if (raw == null) {
            return null;
        }
        int limit = 4096;
        StringBuilder quoted = new StringBuilder(Math.min(raw.length(), limit) + 16);
        int i = 0;
        while (i < raw.length() && quoted.length() < limit) {
            char c = raw.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1));
            if (pair) {
                quoted.append(c).append(raw.charAt(i + 1));
                i += 2;
                continue;
            }
            if (Character.isSurrogate(c) || c == 0) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
            i++;
        }
        return i < raw.length() ? quoted + "…" : quoted.toString();
    }

    void closeReaderOrFail() throws IOException {
        try {
            reader.close();
        } catch (io.contextstore.migration.crypto.DecryptionException e) {
            throw new io.contextstore.migration.format.UnreadableInputException(e.getMessage(), null, null);
        }
    }

    void closeReader() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // the input is done with either way
        }
    }

    public String operationId() { return operationId; }
    public String user() { return user; }
    public String sourceName() { return sourceName; }
    public DataType dataType() { return dataType; }
    public ImportOptions options() { return options; }
    public RecordMapping mapping() { return mapping; }
    /** The template of {@code templateId}, or null. */
    public io.contextstore.migration.mapping.TemplatePlan template() { return template; }
    void template(io.contextstore.migration.mapping.TemplatePlan template) { this.template = template; }
    public Detected detected() { return detected; }
    public Instant startedAt() { return startedAt; }
    public TransactionStatus transaction() { return transaction; }
    void transaction(TransactionStatus transaction) { this.transaction = transaction; }
    void cancelFlag(java.util.concurrent.atomic.AtomicBoolean flag) { this.cancelFlag = flag; }
    /** {@code decrypting}: true once a layer of the input is being decrypted, which stops commits on the way. */
    void checkpointed(boolean checkpointed, java.util.function.BooleanSupplier decrypting) {
        this.checkpointed = checkpointed;
        this.decrypting = decrypting;
    }
    MeteredInput input() { return input; }
    long read() { return read; }
    long successful() { return successful; }
    long failed() { return failed; }
    long skipped() { return skipped; }
    long duplicates() { return duplicates; }
    long overwritten() { return overwritten; }
    List<RecordError> errors() { return errors; }
    List<ValidationError> validationErrors() { return validationErrors; }
}
