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
        return "INSERT INTO " + type.table() + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
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
        return "COPY " + type.table() + " (" + String.join(", ", columns) + ") FROM STDIN";
    }

    /** One row in PostgreSQL's COPY text format, columns in insert order. */
    /** The record's row for COPY in text format, in UTF-8. */
    byte[] copyRow(ObjectNode record) {
        StringBuilder row = new StringBuilder(1024);
        appendCopyRow(row, record);
        return row.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendCopyRow(StringBuilder out, ObjectNode record) {
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
        out.setCharAt(out.length() - 1, '\n');
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

    String existingIdsSql(int count) {
        return "SELECT id FROM " + type.table() + " WHERE id IN ("
                + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    /** Select list for exports, in field order. */
    public String selectColumns(Set<String> omittedFields) {
        return String.join(", ", type.fields().stream()
                .filter(f -> !omittedFields.contains(f.name()))
                .map(FieldSpec::column).toList());
    }

    void bindInsert(PreparedStatement ps, ObjectNode record) throws SQLException {
        int i = 1;
        for (FieldSpec field : type.fields()) {
            bind(ps, i++, field, record.get(field.name()));
        }
        if (type == DataType.CONTEXTS) {
            bindText(ps, i, importance(record));
        }
    }

    /** Binds a statement of {@link #updateSql} made for the same kept fields. */
    void bindUpdate(PreparedStatement ps, ObjectNode record, Set<String> kept) throws SQLException {
        int i = 1;
        for (FieldSpec field : type.fields()) {
            if (!field.name().equals("id") && !kept.contains(field.name())) {
                bind(ps, i++, field, record.get(field.name()));
            }
        }
        if (type == DataType.CONTEXTS && !kept.contains("metadata")) {
            bindText(ps, i++, importance(record));
        }
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
        return read(rs, omittedFields, rawJson, chars -> { });
    }

    /** As {@link #read(ResultSet, Set, boolean)}, telling {@code size} the length of each text column read. */
    ObjectNode read(ResultSet rs, Set<String> omittedFields, boolean rawJson, LongConsumer size) throws SQLException {
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
