package io.contextstore.migration.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Field names with dots ({@code metadata.importance}) address nested objects in CSV and Markdown. */
final class DotPaths {

    private DotPaths() {
    }

    /** Sets a value at a dot path, building the objects on the way. */
    static String put(ObjectNode record, String header, JsonNode value) {
        String[] path = header.split("\\.", -1);
        ObjectNode at = record;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = at.get(path[i]);
            if (child == null) {
                child = at.putObject(path[i]);
            }
            if (!(child instanceof ObjectNode object)) {
                return "'" + header + "' nests under '" + path[i] + "', which is not an object";
            }
            at = object;
        }
        String leaf = path[path.length - 1];
        if (at.get(leaf) instanceof ObjectNode existing && value instanceof ObjectNode more) {
            existing.setAll(more);
        } else {
            at.set(leaf, value);
        }
        return null;
    }
}
