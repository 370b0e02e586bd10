package io.contextstore.migration.importing;

import java.io.IOException;
import io.contextstore.migration.operation.ErrorBudgetExceededException;
import io.contextstore.migration.operation.ErrorBudgetExceededException.BudgetExceeded;
import io.contextstore.migration.operation.ImportOptions;
import io.contextstore.migration.record.CheckedBatch;
import io.contextstore.migration.record.Refusals;
import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.store.WriteResult;
import org.springframework.stereotype.Component;

/**
 * The counting steps of the import route: each stage's outcome added to the import's tally, and the
 * error budget of the options ({@code maxErrors}, {@code maxErrorRate}) checked as refusals come.
 */
@Component
public class ImportCounts {

    /** Records a step of yours left out of the batch (README, "Adding a step to the pipeline"). */
    public void dropped(CheckedBatch batch, ImportRun run) {
        run.tally().dropped(batch.dropped());
    }

    public void stored(WriteResult result, ImportRun run) {
        run.tally().stored(result);
    }

    /** Refused records, lenient: failed. */
    public void failed(Refusals outcome, ImportRun run) throws IOException {
        refused(outcome, run, false);
    }

    /** Refused records, skip-errors: skipped. */
    public void skipped(Refusals outcome, ImportRun run) throws IOException {
        refused(outcome, run, true);
    }

    private static void refused(Refusals outcome, ImportRun run, boolean asSkipped) throws IOException {
        for (Rejection rejection : outcome.rejected()) {
            run.tally().refused(rejection, asSkipped);
            run.rejects().add(rejection.record());
            withinBudget(rejection.record().position(), run);
        }
    }

    /** The one record a strict import stops at. */
    public void stoppedAt(Rejection rejection, ImportRun run) throws IOException {
        run.tally().refused(rejection, false);
        run.rejects().add(rejection.record());
    }

    /**
     * After a batch: once 100 records are read, {@code maxErrorRate} is checked for the first 100,
     * whose refusals came before the rate applied.
     */
    public void budget(ImportRun run) {
        Double rate = run.options().maxErrorRate();
        ImportTally tally = run.tally();
        int first = ImportOptions.ERROR_RATE_AFTER;
        if (rate != null && tally.read() >= first && !tally.rateCheckedAtHundred()
                && (double) tally.refusalsInFirstHundred() / first > rate) {
            throw exceeded(run, new BudgetExceeded("maxErrorRate", rate, first, tally.refusalsInFirstHundred()));
        }
    }

    /** The refusal at {@code position} just counted: within maxErrors, and within maxErrorRate from record 100 on. */
    private static void withinBudget(long position, ImportRun run) {
        ImportOptions options = run.options();
        long refused = run.tally().refusals();
        if (options.maxErrors() != null && refused > options.maxErrors()) {
            throw exceeded(run, new BudgetExceeded("maxErrors", options.maxErrors(), position, refused));
        }
        if (options.maxErrorRate() != null && position >= ImportOptions.ERROR_RATE_AFTER
                && (double) refused / position > options.maxErrorRate()) {
            throw exceeded(run, new BudgetExceeded("maxErrorRate", options.maxErrorRate(), position, refused));
        }
    }

    private static ErrorBudgetExceededException exceeded(ImportRun run, BudgetExceeded exceeded) {
        run.tally().exceeded(exceeded);
        return new ErrorBudgetExceededException(exceeded);
    }
}
