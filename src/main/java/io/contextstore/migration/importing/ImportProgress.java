package io.contextstore.migration.importing;

import java.io.IOException;
import java.time.Duration;

import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.crypto.DecryptionException;
import io.contextstore.migration.format.Detected;
import io.contextstore.migration.format.RecordReader;
import io.contextstore.migration.format.UnreadableInputException;
import io.contextstore.migration.operation.MigrationMetrics;
import io.contextstore.migration.operation.OperationRepository;
import org.springframework.stereotype.Component;

/**
 * The progress steps of the import route: an input opened, a batch done (meters, the operation
 * row at most twice a second, a checkpoint commit when one is due), an input read to its end.
 */
@Component
public class ImportProgress {

    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

    private final OperationRepository operations;
    private final ImportTransactions transactions;
    private final MigrationMetrics metrics;
    private final Duration checkpointEvery;

    public ImportProgress(OperationRepository operations, ImportTransactions transactions, MigrationMetrics metrics,
                          MigrationProperties properties) {
        this.operations = operations;
        this.transactions = transactions;
        this.metrics = metrics;
        this.checkpointEvery = properties.inbox().checkpointEvery();
    }

    /** An input's records are about to be read: the first one's format is the operation's. */
    public RecordReader opened(RecordReader reader, Detected detected, String inputName, String zipName, ImportRun run)
            throws IOException {
        boolean first = run.inputs() == 0;
        run.opened(detected, reader);
        run.rejects().input(inputName, detected.format(), reader.frame(), detected, zipName != null);
        if (first) {
            operations.describe(run.operationId(), run.dataType() == null ? "auto-detect" : run.dataType().key(),
                    detected.format(), run.input().bytesTotal(), run.options().dryRun());
        }
        return reader;
    }

    /** A cancel was asked for: the import stops before its next batch. */
    public boolean cancelled(ImportRun run) {
        return run.cancelled();
    }

    /** After each batch: the operation row shows how far the import has come. */
    public void batchDone(ImportRun run) throws IOException {
        ImportTally tally = run.tally();
        tally.batchWritten();
        tally.report(metrics, run.types().name(), run.input().bytesRead());
        if (run.checkpointing() && tally.checkpointDue(checkpointEvery)) {
            transactions.commitWithCheckpoint(run);
            transactions.begin(run);
        }
        if (tally.progressDue(PROGRESS_EVERY)) {
            operations.progress(run.operationId(), "importing", tally.progress(run.input().bytesRead(),
                    run.input().bytesTotal()));
        }
    }

    /** An input read to its end: closing reads what its reader left (an OpenPGP integrity check is at the end). */
    public void inputRead(RecordReader reader) throws IOException {
        try {
            reader.close();
        } catch (DecryptionException e) {
            throw new UnreadableInputException(e.getMessage(), null, null);
        }
    }
}
