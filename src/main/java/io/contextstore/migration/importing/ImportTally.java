package io.contextstore.migration.importing;

import io.contextstore.migration.operation.ErrorBudgetExceededException;
import io.contextstore.migration.operation.ImportOptions;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.operation.Checkpoint;
import io.contextstore.migration.operation.ErrorHandling;
import io.contextstore.migration.operation.MigrationMetrics;
import io.contextstore.migration.operation.Progress;
import io.contextstore.migration.operation.ProgressClock;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.store.WriteResult;
import java.time.Duration;

/**
 * The outcome of one import so far: what each stage returned, added up. Counts are exact; the
 * errors are listed up to a count and a size in bytes. Also what the last commit holds, so a
 * rollback or a resume knows where it stands.
 */
public final class ImportTally {

    static final int SKIP_ERRORS_LISTED = 100;

    private final ErrorHandling errorHandling;
    private final int maxListed;
    private final long maxListedBytes;
    private final ProgressClock clock = new ProgressClock();
    private final ProgressClock checkpointClock = new ProgressClock();
    private long listedBytes;
    private boolean listCut;

    // numbered: records the reading thread has taken from the input; read: those the route's thread
    // has taken from it in batches (what checkpoints, progress and the result count)
    private volatile long numbered;
    // refused records (failed, or skipped as errors), for the error budget of maxErrors and maxErrorRate
    private long refusals;
    private long refusalsInFirstHundred;
    private boolean rateChecked;
    private ErrorBudgetExceededException.BudgetExceeded budgetExceeded;
    private long read;
    private int lastTaken;
    private long batchesTaken;
    private long batchesWritten;
    private long successful;
    private long failed;
    private long skipped;
    private long duplicates;
    private long overwritten;
    private long dropped;
    private final List<RecordError> errors = new ArrayList<>();
    private final List<ValidationError> validationErrors = new ArrayList<>();
    private final long[] reported = new long[6];
    private long lastBatchNanos = System.nanoTime();

    private long committedSuccessful;
    private long committedOverwritten;
    private long resumedAt;
    private int errorsCheckpointed;
    private int validationErrorsCheckpointed;

    ImportTally(ErrorHandling errorHandling, int maxListed, LimitsProperties limits) {
        this.errorHandling = errorHandling;
        this.maxListed = errorHandling == ErrorHandling.SKIP_ERRORS ? SKIP_ERRORS_LISTED : maxListed;
        this.maxListedBytes = limits.maxListedErrorBytes().toBytes();
    }

    /** One more record read from the input (on the reading thread); its position in the whole import. */
    long numberOne() {
        return ++numbered;
    }

    /** A batch of this many records taken for writing. */
    void took(int records) {
        read += records;
        lastTaken = records;
        batchesTaken++;
    }

    /**
     * A cancel is honoured before the batch taken last is written: its records were not processed,
     * so they do not count as read, and the counts add up.
     */
    void putBackUnwritten() {
        if (batchUnfinished()) {
            read -= lastTaken;
            batchesTaken--;
        }
    }

    /** A batch taken went all the way through the write. */
    void batchWritten() {
        batchesWritten++;
    }

    /** Whether a batch taken for writing did not reach the end of the write: it failed or was stopped. */
    boolean batchUnfinished() {
        return batchesWritten < batchesTaken;
    }

    /** Reading stopped: what was read of the batch it stopped in counts as read, as the records before it. */
    void readAllNumbered() {
        read = numbered;
    }

    /** Records a step of the route left out on purpose: skipped, but no error. */
    public void dropped(long records) {
        skipped += records;
        dropped += records;
    }

    /** What the store did with a batch (what it refused goes through {@link #refused}). */
    public void stored(WriteResult result) {
        successful += result.created() + result.overwritten();
        overwritten += result.overwritten();
        duplicates += result.duplicates();
    }

    /**
     * A record that cannot be stored, as the route's error policy counts it: failed (lenient,
     * strict) or skipped (skip-errors); listed while the lists have room.
     */
    public void refused(Rejection rejection, boolean asSkipped) {
        if (asSkipped) {
            skipped++;
        } else {
            failed++;
        }
        var record = rejection.record();
        refusals++;
        if (record.position() <= ImportOptions.ERROR_RATE_AFTER) {
            refusalsInFirstHundred++;
        }
        RecordError listed = new RecordError(record.position(), record.line(), record.offset(), rejection.error(),
                truncate(record.rawText()));
        if (errors.size() < maxListed && fits(bytes(listed))) {
            errors.add(listed);
        } else {
            listCut = true;
        }
        for (ValidationError fieldError : rejection.fieldErrors()) {
            if (validationErrors.size() < maxListed && fits(bytes(fieldError))) {
                validationErrors.add(fieldError);
            } else {
                listCut = true;
            }
        }
    }

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
                + " or " + LimitsProperties.readable(maxListedBytes)
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

    /** Whether checkpoints committed records of this import. */
    boolean committedAny() {
        return committedSuccessful > 0;
    }

    /** What the import had committed was taken back: nothing of it is stored. */
    void takenBack() {
        successful = 0;
        overwritten = 0;
        committed();
        skipped = read - failed - duplicates;
    }

    long refusals() { return refusals; }
    long refusalsInFirstHundred() { return refusalsInFirstHundred; }

    /** Whether maxErrorRate was checked at the 100th record: once. */
    boolean rateCheckedAtHundred() {
        boolean was = rateChecked;
        rateChecked = true;
        return was;
    }

    void exceeded(ErrorBudgetExceededException.BudgetExceeded exceeded) {
        this.budgetExceeded = exceeded;
    }

    ErrorBudgetExceededException.BudgetExceeded budgetExceeded() {
        return budgetExceeded;
    }

    /** Takes up an interrupted import where its last commit left it. */
    void resumeFrom(Checkpoint checkpoint, ObjectMapper mapper) throws IOException {
        read = checkpoint.records();
        numbered = read;
        successful = checkpoint.counts().successful();
        failed = checkpoint.counts().failed();
        skipped = checkpoint.counts().skipped();
        duplicates = checkpoint.counts().duplicates();
        overwritten = checkpoint.counts().overwritten();
        committed();
        resumedAt = read;
        // the refusals before the interruption; for the rate's first check, as many as are known
        refusals = failed + (errorHandling == ErrorHandling.SKIP_ERRORS ? skipped : 0);
        refusalsInFirstHundred = refusals;
        rateChecked = read >= ImportOptions.ERROR_RATE_AFTER;
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
    String errorsSinceCheckpoint(ObjectMapper mapper) throws IOException {
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

    /** Where a resumed import started again (0: from the start). */
    long resumedAt() {
        return resumedAt;
    }

    /** What changed since the last report, as meter increments; called after each batch and at the end. */
    void report(MigrationMetrics metrics, String type, long bytesRead) {
        long[] now = {read, successful, failed, skipped, duplicates, bytesRead};
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

    boolean checkpointDue(Duration every) {
        return checkpointClock.due(every);
    }

    boolean progressDue(Duration every) {
        return clock.due(every);
    }

    Progress progress(long bytesRead, Long bytesTotal) {
        double seconds = clock.seconds();
        Instant eta = null;
        Long estimatedTotal = null;
        if (bytesTotal != null && bytesTotal > 0 && bytesRead > 0) {
            double left = Math.max(bytesTotal - bytesRead, 0) / (double) bytesRead;
            eta = Instant.now().plusMillis((long) (seconds * 1000 * left));
            // the bytes read so far are those of the records numbered, which run ahead of the ones written
            estimatedTotal = Math.max(read, Math.round(numbered * (bytesTotal / (double) bytesRead)));
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

    public long read() { return read; }
    long successful() { return successful; }
    long failed() { return failed; }
    long skipped() { return skipped; }
    /** Skipped records that are no error: left out by a step of the route. */
    long dropped() { return dropped; }
    long duplicates() { return duplicates; }
    long overwritten() { return overwritten; }
    List<RecordError> errors() { return errors; }
    List<ValidationError> validationErrors() { return validationErrors; }
}
