package io.contextstore.migration.format;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;
import static io.contextstore.migration.record.DataType.LINEAGE;
import io.contextstore.migration.record.FieldKind;
import io.contextstore.migration.record.FieldSpec;

/**
 * The columns of a CSV export: the type's fields in order, with {@code metadata} spread over one
 * dot column per key path found in the exported records. When the key paths cannot be spread
 * without loss (a key holding a dot or a colon, a path that is both a value and an object, very
 * many paths), {@code metadata} is one column holding JSON, which the import reads as well.
 * <p>
 * A cell is text unless its header says otherwise: a known field is read as its kind, and a header
 * ending in {@code :text}, {@code :number}, {@code :boolean} or {@code :json} gives the type of its
 * column. The export writes the suffix on metadata columns whose values are not all strings, and
 * {@code tags:json} when some tag list cannot be joined with commas.
 */
public record CsvColumns(List<Column> columns, boolean planned) {

    static final int MAX_METADATA_COLUMNS = 200;
    private static final List<String> WELL_KNOWN = List.of("importance", "source");

    /** How a cell is written and read back. */
    enum Cell {
        TEXT, LIST, JSON, NUMBER, BOOLEAN;

        /** The header suffix that declares this type, lower case. */
        String suffix() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether a value can be written in a cell of this type and read back equal. */
        boolean holds(JsonNode value) {
            return switch (this) {
                case TEXT -> value.isTextual();
                case LIST -> value.isArray() && CsvCells.joinable(value);
                case JSON -> true;
                case NUMBER -> value.isNumber();
                case BOOLEAN -> value.isBoolean();
            };
        }
    }

    record Column(String header, String field, List<String> path, Cell cell) {
    }

    /** A header of an imported file: the field (or dot path) it names and how its cells are read. */
    record Header(String name, Cell cell) {
    }

    /**
     * Plans the columns from the tags and metadata of the records to export, read in a first pass
     * over them ({@code records} yields records holding just those fields).
     */
    public static CsvColumns plan(DataType type, Set<String> omittedFields, boolean lineage,
                                  Iterator<List<ObjectNode>> records) {
        Map<String, Cell> paths = new LinkedHashMap<>();
        boolean spread = !omittedFields.contains("metadata");
        boolean plainTags = true;
        while (records.hasNext()) {
            for (ObjectNode record : records.next()) {
                JsonNode tags = record.get("tags");
                plainTags = plainTags && (tags == null || tags.isNull() || Cell.LIST.holds(tags));
                JsonNode metadata = record.get("metadata");
                if (spread && metadata != null && metadata.isObject() && !collect("", metadata, paths)) {
                    spread = false;
                }
            }
        }
        spread = spread && paths.size() <= MAX_METADATA_COLUMNS && !prefixClash(paths.keySet());
        Set<String> ordered = new LinkedHashSet<>(WELL_KNOWN);
        ordered.retainAll(paths.keySet());
        ordered.addAll(paths.keySet());
        List<Column> columns = new ArrayList<>();
        for (FieldSpec field : type.fields()) {
            if (omittedFields.contains(field.name())) {
                continue;
            }
            if (field.name().equals("metadata") && spread) {
                for (String path : ordered) {
                    Cell cell = paths.get(path);
                    columns.add(new Column("metadata." + path + (cell == Cell.TEXT ? "" : ":" + cell.suffix()),
                            "metadata", List.of(path.split("\\.")), cell));
                }
            } else if (field.kind() == FieldKind.STRING_LIST && !plainTags) {
                columns.add(new Column(field.name() + ":json", field.name(), List.of(), Cell.JSON));
            } else {
                columns.add(new Column(field.name(), field.name(), List.of(), cellOf(field.kind())));
            }
        }
        if (lineage) {
            // the lineage's columns of their own, last
            columns.add(new Column(LINEAGE + ".operationId", LINEAGE, List.of("operationId"), Cell.TEXT));
            columns.add(new Column(LINEAGE + ".sourceName", LINEAGE, List.of("sourceName"), Cell.TEXT));
            columns.add(new Column(LINEAGE + ".position:number", LINEAGE, List.of("position"), Cell.NUMBER));
        }
        return new CsvColumns(List.copyOf(columns), true);
    }

    /**
     * Columns named by a template: its target fields in order, under the names the template gives
     * them, for another system to read; a value that is not a string is written as JSON.
     */
    public static CsvColumns forFields(List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            int dot = name.indexOf('.');
            columns.add(dot < 0 ? new Column(name, name, List.of(), cellOf(name))
                    : new Column(name, name.substring(0, dot), List.of(name.substring(dot + 1).split("\\.")), Cell.TEXT));
        }
        return new CsvColumns(List.copyOf(columns), false);
    }

    static Cell cellOf(FieldKind kind) {
        return switch (kind) {
            case STRING, INSTANT -> Cell.TEXT;
            case STRING_LIST -> Cell.LIST;
            case OBJECT, ATTACHMENTS -> Cell.JSON;
        };
    }

    /** How a field is read by its name alone: the field kinds of every type agree on a name; anything else is text. */
    static Cell cellOf(String name) {
        if (name.contains(".")) {
            return Cell.TEXT;
        }
        for (DataType type : DataType.values()) {
            for (FieldSpec field : type.fields()) {
                if (field.name().equals(name)) {
                    return cellOf(field.kind());
                }
            }
        }
        return Cell.TEXT;
    }

    /** A header of an imported file: a type suffix it ends with decides, else the name does ({@link #cellOf(String)}). */
    static Header header(String header) {
        int colon = header.lastIndexOf(':');
        if (colon > 0) {
            String suffix = header.substring(colon + 1);
            for (Cell cell : List.of(Cell.TEXT, Cell.NUMBER, Cell.BOOLEAN, Cell.JSON)) {
                if (cell.suffix().equals(suffix)) {
                    return new Header(header.substring(0, colon), cell);
                }
            }
        }
        return new Header(header, cellOf(header));
    }

    /** Leaf paths of an object with the cell type their values so far need; false when a key cannot be part of a path. */
    private static boolean collect(String prefix, JsonNode object, Map<String, Cell> into) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey();
            if (key.isEmpty() || key.contains(".") || key.contains(":")) {
                return false;
            }
            JsonNode value = e.getValue();
            if (value.isObject() && !value.isEmpty()) {
                if (!collect(prefix + key + ".", value, into)) {
                    return false;
                }
            } else {
                Cell cell = value.isTextual() ? Cell.TEXT : value.isNumber() ? Cell.NUMBER
                        : value.isBoolean() ? Cell.BOOLEAN : Cell.JSON;
                into.merge(prefix + key, cell, (was, now) -> was == now ? was : Cell.JSON);
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
        return planned && columns.stream().anyMatch(c -> !c.path().isEmpty());
    }

    List<String> headers() {
        return columns.stream().map(Column::header).toList();
    }
}
