package io.contextstore.migration.mapping;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.format.SourceRecord;
import io.contextstore.migration.record.Rejection;

/** A batch after mapping, in input order: each record with its mapped fields, or why it has none. */
public record MappedBatch(List<Item> items) {

    /** One record: {@code fields} when it mapped, else {@code rejection}. */
    public record Item(SourceRecord record, ObjectNode fields, Rejection rejection) {
    }

    public int size() {
        return items.size();
    }
}
