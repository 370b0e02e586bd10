package io.contextstore.migration.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.FieldKind;
import io.contextstore.migration.record.FieldSpec;
import java.util.Collections;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * The mapping between a record type's canonical JSON fields and its table's columns, both ways.
 * Contexts carry one derived column, {@code importance}, lifted from metadata for SQL filtering.
 */
public final class RecordTable {

    private static final String IMPORTANCE = "importance";
    /** Who last wrote the row, from which input and record number there (see {@link Lineage}). */
    static final List<String> LINEAGE_COLUMNS = List.of("written_by", "source_name", "source_position");

    private final DataType type;
    private final ObjectMapper mapper;
    private final List<String> columns = new ArrayList<>();

    RecordTable(DataType type, ObjectMapper mapper) {
        this.type = type;
        this.mapper = mapper;
        type.fields().forEach(f -> columns.add(f.column()));
        if (type == DataType.CONTEXTS) {
            columns.add(IMPORTANCE);
        }
    }

    String insertSql() {
        return "INSERT INTO " + type.table() + " (" + String.join(", ", written()) + ") VALUES ("
                + String.join(", ", written().stream().map(c -> "?").toList()) + ")";
    }

    /** The columns an insert writes: the record's, then its lineage. */
    private List<String> written() {
        List<String> all = new ArrayList<>(columns);
        all.addAll(LINEAGE_COLUMNS);
        return all;
    }

    /** The columns an undo puts back from a before-image: all written ones but the id. */
    String restoredColumns() {
        return String.join(", ", written().stream().filter(c -> !c.equals("id")).toList());
    }

    /** Every column of a stored row, as its before-image keeps it. */
    String storedColumns() {
        return String.join(", ", written()) + ", stored_at";
    }

    /**
     * The fields of {@link DataType#KEPT_WHEN_ABSENT} this type has and the record lacks: an
     * overwrite leaves their columns (and {@code importance}, which comes from metadata) as stored.
     */
    Set<String> keptFields(ObjectNode record) {
        Set<String> kept = new TreeSet<>();
        for (FieldSpec field : type.fields()) {
            if (DataType.KEPT_WHEN_ABSENT.contains(field.name()) && !record.has(field.name())) {
                kept.add(field.name());
            }
        }
        return kept;
    }

    /**
     * Overwrites every column but those of the kept fields, so other fields absent from the new
     * record become null as in an insert; {@code stored_at} (set by default on insert) records the
     * write for incremental exports.
     */
    String updateSql(Set<String> kept) {
        return "UPDATE " + type.table() + " SET "
                + String.join(", ", updatedColumns(kept).stream().map(c -> c + " = ?").toList())
                + ", " + String.join(", ", LINEAGE_COLUMNS.stream().map(c -> c + " = ?").toList())
                + ", stored_at = CURRENT_TIMESTAMP WHERE id = ?";
    }

    private List<String> updatedColumns(Set<String> kept) {
        List<String> updated = new ArrayList<>();
        for (FieldSpec field : type.fields()) {
            if (!field.name().equals("id") && !kept.contains(field.name())) {
                updated.add(field.column());
            }
        }
        if (type == DataType.CONTEXTS && !kept.contains("metadata")) {
            updated.add(IMPORTANCE);
        }
        return updated;
    }

    String copySql() {
        return "COPY " + type.table() + " (" + String.join(", ", written()) + ") FROM STDIN";
    }

    /** The record's row for COPY in text format, in UTF-8, columns in insert order. */
    byte[] copyRow(ObjectNode record, Lineage lineage) {
        StringBuilder row = new StringBuilder(1024);
        appendCopyRow(row, record, lineage);
        return row.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendCopyRow(StringBuilder out, ObjectNode record, Lineage lineage) {
        for (FieldSpec field : type.fields()) {
            JsonNode value = record.get(field.name());
            if (value == null || value.isNull()) {
                out.append("\\N");
            } else {
                copyText(out, field.kind() == FieldKind.STRING || field.kind() == FieldKind.INSTANT
                        ? value.asText() : json(value));
            }
            out.append('\t');
        }
        if (type == DataType.CONTEXTS) {
            String importance = importance(record);
            if (importance == null) {
                out.append("\\N");
            } else {
                copyText(out, importance);
            }
            out.append('\t');
        }
        copyNullable(out, lineage.operationId());
        copyNullable(out, lineage.sourceName());
        copyNullable(out, lineage.position() == null ? null : lineage.position().toString());
        out.setCharAt(out.length() - 1, '\n');
    }

    private static void copyNullable(StringBuilder out, String text) {
        if (text == null) {
            out.append("\\N");
        } else {
            copyText(out, text);
        }
        out.append('\t');
    }

    private static void copyText(StringBuilder out, String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            String escaped = switch (text.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                out.append(text, run, i).append(escaped);
                run = i + 1;
            }
        }
        out.append(text, run, text.length());
    }

    /** Copies the stored rows of {@code count} ids into the before-images of an operation, but those it wrote. */
    String keepBeforeSql(int count) {
        return "INSERT INTO " + type.table() + "_before (before_operation, " + storedColumns() + ") SELECT ?, "
                + storedColumns() + " FROM " + type.table() + " WHERE id IN ("
                + String.join(", ", Collections.nCopies(count, "?")) + ") AND (written_by IS NULL OR written_by <> ?)";
    }

    String existingIdsSql(int count) {
        return "SELECT id FROM " + type.table() + " WHERE id IN ("
                + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    /** Select list for exports, in field order. */
    public String selectColumns(Set<String> omittedFields) {
        return selectColumns(omittedFields, false);
    }

    /** As {@link #selectColumns(Set)}, with the lineage columns last when {@code lineage}. */
    String selectColumns(Set<String> omittedFields, boolean lineage) {
        List<String> selected = new ArrayList<>(type.fields().stream()
                .filter(f -> !omittedFields.contains(f.name()))
                .map(FieldSpec::column).toList());
        if (lineage) {
            selected.addAll(LINEAGE_COLUMNS);
        }
        return String.join(", ", selected);
    }

    void bindInsert(PreparedStatement ps, ObjectNode record, Lineage lineage) throws SQLException {
        int i = 1;
        for (FieldSpec field : type.fields()) {
            bind(ps, i++, field, record.get(field.name()));
        }
        if (type == DataType.CONTEXTS) {
            bindText(ps, i++, importance(record));
        }
        bindLineage(ps, i, lineage);
    }

    private static int bindLineage(PreparedStatement ps, int from, Lineage lineage) throws SQLException {
        bindText(ps, from, lineage.operationId());
        bindText(ps, from + 1, lineage.sourceName());
        if (lineage.position() == null) {
            ps.setNull(from + 2, Types.BIGINT);
        } else {
            ps.setLong(from + 2, lineage.position());
        }
        return from + 3;
    }

    /** Binds a statement of {@link #updateSql} made for the same kept fields. */
    void bindUpdate(PreparedStatement ps, ObjectNode record, Set<String> kept, Lineage lineage) throws SQLException {
        int i = 1;
        for (FieldSpec field : type.fields()) {
            if (!field.name().equals("id") && !kept.contains(field.name())) {
                bind(ps, i++, field, record.get(field.name()));
            }
        }
        if (type == DataType.CONTEXTS && !kept.contains("metadata")) {
            bindText(ps, i++, importance(record));
        }
        i = bindLineage(ps, i, lineage);
        ps.setString(i, record.get("id").asText());
    }

    private void bind(PreparedStatement ps, int index, FieldSpec field, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            ps.setNull(index, field.kind() == FieldKind.INSTANT ? Types.TIMESTAMP_WITH_TIMEZONE : Types.VARCHAR);
            return;
        }
        switch (field.kind()) {
            case STRING -> ps.setString(index, value.asText());
            case INSTANT -> ps.setObject(index, OffsetDateTime.ofInstant(Instant.parse(value.asText()), ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            case STRING_LIST, OBJECT, ATTACHMENTS -> ps.setString(index, json(value));
        }
    }

    private static void bindText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static String importance(ObjectNode record) {
        JsonNode value = record.path("metadata").get(IMPORTANCE);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Reads the current row of a result set made with {@link #selectColumns}. With {@code rawJson}
     * the JSON columns are passed on as text for a JSON writer to copy; otherwise they are parsed.
     */
    public ObjectNode read(ResultSet rs, Set<String> omittedFields, boolean rawJson) throws SQLException {
        return read(rs, omittedFields, rawJson, false, chars -> { });
    }

    /**
     * As {@link #read(ResultSet, Set, boolean)}, telling {@code size} the length of each text column
     * read; with {@code lineage} (selected so) the record's {@link DataType#LINEAGE} object last.
     */
    ObjectNode read(ResultSet rs, Set<String> omittedFields, boolean rawJson, boolean lineage, LongConsumer size)
            throws SQLException {
        ObjectNode record = mapper.createObjectNode();
        for (FieldSpec field : type.fields()) {
            if (omittedFields.contains(field.name())) {
                continue;
            }
            switch (field.kind()) {
                case STRING -> {
                    String text = rs.getString(field.column());
                    if (text != null) {
                        size.accept(text.length());
                        record.put(field.name(), text);
                    }
                }
                case INSTANT -> {
                    OffsetDateTime at = rs.getObject(field.column(), OffsetDateTime.class);
                    if (at != null) {
                        record.put(field.name(), at.toInstant().toString());
                    }
                }
                case STRING_LIST, OBJECT, ATTACHMENTS -> {
                    // stored by this service as compact JSON, so it is written out as it is, unparsed
                    String json = rs.getString(field.column());
                    if (json != null) {
                        size.accept(json.length());
                    }
                    if (json != null && rawJson) {
                        record.putRawValue(field.name(), new RawValue(json));
                    } else if (json != null) {
                        record.set(field.name(), parse(json));
                    }
                }
            }
        }
        if (lineage) {
            ObjectNode from = record.putObject(DataType.LINEAGE);
            from.put("operationId", rs.getString("written_by"));
            from.put("sourceName", rs.getString("source_name"));
            long position = rs.getLong("source_position");
            if (rs.wasNull()) {
                from.putNull("position");
            } else {
                from.put("position", position);
            }
        }
        return record;
    }

    private JsonNode parse(String json) throws SQLException {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored JSON column cannot be parsed: " + e.getOriginalMessage(), e);
        }
    }

    private String json(JsonNode value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
