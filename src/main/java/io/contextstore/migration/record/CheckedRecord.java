package io.contextstore.migration.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.DataType;

/**
 * A record that passed validation as a record of its type, in canonical form (UTC instants,
 * defaults filled in); {@code row}: its row as the store's bulk load takes it, encoded ahead of the
 * write step, or null.
 */
public record CheckedRecord(SourceRecord source, DataType type, ObjectNode fields, byte[] row) {

    public CheckedRecord(SourceRecord source, DataType type, ObjectNode fields) {
        this(source, type, fields, null);
    }

    public CheckedRecord withRow(byte[] encoded) {
        return new CheckedRecord(source, type, fields, encoded);
    }

    public String id() {
        return fields.get("id").asText();
    }
}
