package io.contextstore.migration.record;

import java.util.List;

import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.record.CheckedRecord;

/** A batch after validation: the records to store, those refused (in input order), and those a step left out. */
public record CheckedBatch(List<CheckedRecord> valid, List<Rejection> rejected, long dropped) implements Refusals {
}
