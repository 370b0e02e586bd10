package io.contextstore.migration.store;

import java.util.List;

import io.contextstore.migration.record.Rejection;

/** What writing a batch did: records created, overwritten, skipped as duplicates, and refused, in input order. */
public record WriteResult(long created, long overwritten, long duplicates, List<Rejection> rejected) {

    /** Created or overwritten. */
    public long stored() {
        return created + overwritten;
    }

    public boolean anyRejected() {
        return !rejected.isEmpty();
    }

    public Rejection firstRejected() {
        return rejected.get(0);
    }
}
