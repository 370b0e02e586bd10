package io.contextstore.migration.mapping;

import java.util.List;

import io.contextstore.migration.record.Rejection;

/** A batch after validation: the records to store, and those refused, in input order. */
public record CheckedBatch(List<CheckedRecord> valid, List<Rejection> rejected) {

    public boolean anyRejected() {
        return !rejected.isEmpty();
    }

    public Rejection firstRejected() {
        return rejected.get(0);
    }
}
