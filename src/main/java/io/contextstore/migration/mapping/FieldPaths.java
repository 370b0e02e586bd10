package io.contextstore.migration.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Dot paths ({@code legacy.meta.prio}) into nested objects of a record. */
final class FieldPaths {

    private FieldPaths() {
    }

    static JsonNode get(ObjectNode record, String path) {
        JsonNode at = record;
        for (String part : path.split("\\.")) {
            at = at == null ? null : at.get(part);
        }
        return at;
    }

    /** Sets the value, making the objects on the way; a non-object on the way is replaced by one. */
    static void set(ObjectNode record, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode at = record;
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.get(parts[i]) instanceof ObjectNode child ? child : at.putObject(parts[i]);
        }
        if (value == null) {
            at.remove(parts[parts.length - 1]);
        } else {
            at.set(parts[parts.length - 1], value);
        }
    }

    /** Takes the value out, and with it the objects it leaves empty. */
    static JsonNode remove(ObjectNode record, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return record.remove(path);
        }
        if (!(record.get(path.substring(0, dot)) instanceof ObjectNode child)) {
            return null;
        }
        JsonNode value = remove(child, path.substring(dot + 1));
        if (value != null && child.isEmpty()) {
            record.remove(path.substring(0, dot));
        }
        return value;
    }
}
