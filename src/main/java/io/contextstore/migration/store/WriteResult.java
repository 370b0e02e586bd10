package io.contextstore.migration.store;

import java.util.List;

import io.contextstore.migration.record.RecordCounts;
import io.contextstore.migration.record.Refusals;
import io.contextstore.migration.record.Rejection;

/** What writing a batch did: records created, overwritten, skipped as duplicates, and refused, in input order. */
public record WriteResult(long created, long overwritten, long duplicates, List<Rejection> rejected)
        implements Refusals, RecordCounts.StoredCount {

    /** Created or overwritten. */
    @Override
    public long stored() {
        return created + overwritten;
    }

}
