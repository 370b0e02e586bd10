package io.contextstore.migration.importing;

import io.contextstore.migration.record.CheckedBatch;
import io.contextstore.migration.record.Refusals;
import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.store.WriteResult;
import org.springframework.stereotype.Component;

/** The counting steps of the import route: each stage's outcome added to the import's tally. */
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
    public void failed(Refusals outcome, ImportRun run) {
        outcome.rejected().forEach(rejection -> run.tally().refused(rejection, false));
    }

    /** Refused records, skip-errors: skipped. */
    public void skipped(Refusals outcome, ImportRun run) {
        outcome.rejected().forEach(rejection -> run.tally().refused(rejection, true));
    }

    /** The one record a strict import stops at. */
    public void stoppedAt(Rejection rejection, ImportRun run) {
        run.tally().refused(rejection, false);
    }
}
