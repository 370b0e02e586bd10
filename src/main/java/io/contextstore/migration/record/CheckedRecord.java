package io.contextstore.migration.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.DataType;

/** A record that passed validation as a record of its type, in canonical form (UTC instants, defaults filled in). */
public record CheckedRecord(SourceRecord source, DataType type, ObjectNode fields) {

    public String id() {
        return fields.get("id").asText();
    }
}
