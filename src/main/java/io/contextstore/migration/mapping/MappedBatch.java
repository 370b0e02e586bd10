package io.contextstore.migration.mapping;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Rejection;

/**
 * A batch after mapping, in input order: each record with its mapped fields, or why it has none;
 * {@code dropped}: records a step of the route left out on purpose (they count as skipped).
 */
public record MappedBatch(List<Item> items, long dropped) {

    public MappedBatch(List<Item> items) {
        this(items, 0);
    }

    /** One record: {@code fields} when it mapped, else {@code rejection}. */
    public record Item(SourceRecord record, ObjectNode fields, Rejection rejection) {
    }

    public int size() {
        return items.size();
    }
}
