package io.contextstore.migration.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.format.SourceRecord;

/** A record that passed validation, in canonical form (UTC instants, defaults filled in). */
public record CheckedRecord(SourceRecord source, ObjectNode fields) {

    public String id() {
        return fields.get("id").asText();
    }
}
