package io.contextstore.migration.importing;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.store.ImportReverts;
import io.contextstore.migration.store.RecordStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store transaction of an import. One spans from the start step to the end (or to each
 * checkpoint of an import that commits as it goes): strict imports are all or nothing, a crash
 * leaves nothing half written, and a dry run is the real run rolled back, so its counts are
 * exactly a real run's. (Camel's transacted EIP rolls back only on failure, which a dry run is not.)
 */
@Component
public class ImportTransactions {

    private final PlatformTransactionManager transactions;
    private final RecordStore store;
    private final OperationRepository operations;
    private final ObjectMapper mapper;
    private final ImportReverts reverts;

    public ImportTransactions(PlatformTransactionManager transactions, RecordStore store,
                              OperationRepository operations, ObjectMapper mapper, ImportReverts reverts) {
        this.transactions = transactions;
        this.store = store;
        this.operations = operations;
        this.mapper = mapper;
        this.reverts = reverts;
    }

    void begin(ImportRun run) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setName("import-" + run.operationId());
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        run.transaction(transactions.getTransaction(definition));
        store.prepareImport();
    }

    /** Commits what was written with the checkpoint that says so, in one transaction. */
    void commitWithCheckpoint(ImportRun run) throws IOException {
        ImportTally tally = run.tally();
        operations.checkpoint(run.operationId(), tally.read(), mapper.writeValueAsString(tally.counts()),
                tally.errorsSinceCheckpoint(mapper));
        transactions.commit(run.transaction());
        tally.committed();
    }

    /**
     * Takes back what a failed import had committed at its checkpoints, as an undo does (created
     * records deleted, overwritten ones restored), in a transaction of its own; records another
     * operation changed meanwhile stay as they are. Says what it did.
     */
    String takeBack(ImportRun run) {
        long[] changedElsewhere = new long[1];
        ImportReverts.Counts counts = new TransactionTemplate(transactions).execute(s -> {
            // undone by itself: an undo later finds nothing of it to take back
            operations.markUndone(run.operationId(), run.operationId());
            reverts.lockWrittenBy(run.operationId());
            changedElsewhere[0] = reverts.conflictCount(run.operationId());
            return reverts.revert(run.operationId());
        });
        run.tally().takenBack();
        return "the " + (counts.deleted() + counts.restored()) + " records it had committed were taken back ("
                + counts.deleted() + " deleted, " + counts.restored() + " restored)"
                + (changedElsewhere[0] > 0 ? "; " + changedElsewhere[0] + " records other operations changed meanwhile "
                + "were left as they are" : "");
    }

    /** Rolls back what is not committed; not left bound to this thread, where the next import would join it. */
    void rollback(ImportRun run) {
        if (run.transaction() != null && !run.transaction().isCompleted()) {
            transactions.rollback(run.transaction());
        }
    }
}
