package io.contextstore.migration.format;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.store.DataType;
import io.contextstore.migration.store.FieldKind;
import io.contextstore.migration.store.FieldSpec;

/**
 * The columns of a CSV export: the type's fields in order, with {@code metadata} spread over one
 * dot column per key path found in the exported records. When the key paths cannot be spread
 * without loss (a key holding a dot, a path that is both a value and an object, very many paths),
 * {@code metadata} is one column holding JSON, which the import reads as well.
 */
public record CsvColumns(List<Column> columns) {

    static final int MAX_METADATA_COLUMNS = 200;
    private static final List<String> WELL_KNOWN = List.of("importance", "source");

    /** How a cell is written and read back. */
    enum Cell { TEXT, LIST, JSON, FREE }

    record Column(String header, String field, List<String> path, Cell cell) {
    }

    /**
     * Plans the columns from the metadata of the records to export, read in a first pass over them
     * ({@code metadataRecords} yields records holding just their metadata).
     */
    public static CsvColumns plan(DataType type, Set<String> omittedFields, Iterator<List<ObjectNode>> metadataRecords) {
        Set<String> paths = new LinkedHashSet<>(WELL_KNOWN);
        Set<String> seen = new LinkedHashSet<>();
        boolean spread = !omittedFields.contains("metadata");
        while (spread && metadataRecords.hasNext()) {
            for (ObjectNode record : metadataRecords.next()) {
                JsonNode metadata = record.get("metadata");
                if (metadata != null && metadata.isObject() && !collect("", metadata, seen)) {
                    spread = false;
                    break;
                }
            }
        }
        spread = spread && seen.size() <= MAX_METADATA_COLUMNS && !prefixClash(seen);
        paths.retainAll(seen);
        paths.addAll(seen);
        List<Column> columns = new ArrayList<>();
        for (FieldSpec field : type.fields()) {
            if (omittedFields.contains(field.name())) {
                continue;
            }
            if (field.name().equals("metadata") && spread) {
                for (String path : paths) {
                    columns.add(new Column("metadata." + path, "metadata", List.of(path.split("\\.")), Cell.FREE));
                }
            } else {
                columns.add(new Column(field.name(), field.name(), List.of(), cellOf(field.kind())));
            }
        }
        return new CsvColumns(List.copyOf(columns));
    }

    /** Columns named by a template: its target fields in order, each read back by its name. */
    public static CsvColumns forFields(List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            int dot = name.indexOf('.');
            columns.add(dot < 0 ? new Column(name, name, List.of(), cellOf(name))
                    : new Column(name, name.substring(0, dot), List.of(name.substring(dot + 1).split("\\.")), Cell.FREE));
        }
        return new CsvColumns(List.copyOf(columns));
    }

    static Cell cellOf(FieldKind kind) {
        return switch (kind) {
            case STRING, INSTANT -> Cell.TEXT;
            case STRING_LIST -> Cell.LIST;
            case OBJECT, ATTACHMENTS -> Cell.JSON;
        };
    }

    /** How a column of an imported file is read, by its header: the field kinds of every type agree on a name. */
    static Cell cellOf(String header) {
        if (header.contains(".")) {
            return Cell.FREE;
        }
        for (DataType type : DataType.values()) {
            for (FieldSpec field : type.fields()) {
                if (field.name().equals(header)) {
                    return cellOf(field.kind());
                }
            }
        }
        return Cell.TEXT;
    }

    /** Leaf paths of an object; false when a key cannot be part of a dot path. */
    private static boolean collect(String prefix, JsonNode object, Set<String> into) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey();
            if (key.isEmpty() || key.contains(".")) {
                return false;
            }
            JsonNode value = e.getValue();
            if (value.isObject() && !value.isEmpty()) {
                if (!collect(prefix + key + ".", value, into)) {
                    return false;
                }
            } else {
                into.add(prefix + key);
            }
            if (into.size() > MAX_METADATA_COLUMNS) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefixClash(Set<String> paths) {
        for (String path : paths) {
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                if (paths.contains(path.substring(0, dot))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when metadata is spread over dot columns rather than held in one JSON column. */
    boolean spreadsMetadata() {
        return columns.stream().anyMatch(c -> !c.path().isEmpty());
    }

    List<String> headers() {
        return columns.stream().map(Column::header).toList();
    }
}
