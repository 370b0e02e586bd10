package io.contextstore.migration.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.format.SourceRecord;
import io.contextstore.migration.store.DataType;

/** A record that passed validation as a record of its type, in canonical form (UTC instants, defaults filled in). */
public record CheckedRecord(SourceRecord source, DataType type, ObjectNode fields) {

    public String id() {
        return fields.get("id").asText();
    }
}
