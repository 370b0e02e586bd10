package io.contextstore.migration.store;

import org.springframework.transaction.TransactionStatus;

/**
 * What the write step of an import needs of it: what to do with duplicates, its store transaction,
 * and what each record's lineage names (the operation and the input's name).
 */
public interface WriteSettings {

    Duplicates duplicates();

    TransactionStatus transaction();

    String operationId();

    String sourceName();
}
