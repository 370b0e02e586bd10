package io.contextstore.migration.importing;

import io.contextstore.migration.record.CheckedBatch;
import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.store.WriteResult;
import org.springframework.stereotype.Component;

/** The counting steps of the import route: each stage's outcome added to the import's tally. */
@Component
public class ImportCounts {

    public void checked(CheckedBatch batch, ImportRun run) {
        run.tally().add(batch);
    }

    public void written(WriteResult result, ImportRun run) {
        run.tally().add(result);
    }

    /** The one record a strict import stops at. */
    public void refused(Rejection rejection, ImportRun run) {
        run.tally().reject(rejection);
    }
}
