package io.contextstore.migration.store;

import org.springframework.transaction.TransactionStatus;

/** What the write step of an import needs of it: what to do with duplicates, and its store transaction. */
public interface WriteSettings {

    Duplicates duplicates();

    TransactionStatus transaction();
}
