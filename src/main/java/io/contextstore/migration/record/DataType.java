package io.contextstore.migration.record;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.contextstore.migration.record.FieldKind.ATTACHMENTS;
import static io.contextstore.migration.record.FieldKind.INSTANT;
import static io.contextstore.migration.record.FieldKind.OBJECT;
import static io.contextstore.migration.record.FieldKind.STRING;
import static io.contextstore.migration.record.FieldKind.STRING_LIST;
import static io.contextstore.migration.record.FieldSpec.optional;
import static io.contextstore.migration.record.FieldSpec.required;
import com.fasterxml.jackson.databind.JsonNode;

/** The record types of the store, with their fields in export order. */
public enum DataType {

    CONTEXTS("contexts", "contexts", List.of(
            required("id", "id", STRING, 255),
            required("title", "title", STRING, 0),
            required("content", "content", STRING, 0),
            optional("type", "type", STRING, 100),
            optional("tags", "tags", STRING_LIST, 0),
            optional("sessionId", "session_id", STRING, 255),
            optional("createdAt", "created_at", INSTANT, 0),
            optional("updatedAt", "updated_at", INSTANT, 0),
            optional("metadata", "metadata", OBJECT, 0),
            optional("attachments", "attachments", ATTACHMENTS, 0))),

    SESSIONS("sessions", "sessions", List.of(
            required("id", "id", STRING, 255),
            required("name", "name", STRING, 0),
            optional("userId", "user_id", STRING, 255),
            optional("createdAt", "created_at", INSTANT, 0),
            optional("updatedAt", "updated_at", INSTANT, 0),
            optional("metadata", "metadata", OBJECT, 0))),

    TEMPLATES("templates", "templates", List.of(
            required("id", "id", STRING, 255),
            required("name", "name", STRING, 0),
            optional("description", "description", STRING, 0),
            optional("version", "version", STRING, 50),
            optional("schema", "schema_def", OBJECT, 0),
            optional("transformation", "transformation", OBJECT, 0),
            optional("createdAt", "created_at", INSTANT, 0)));

    public static final String DEFAULT_CONTEXT_TYPE = "general";
    public static final List<String> IMPORTANCE = List.of("low", "medium", "high", "critical");
    /**
     * The fields an export leaves out by option ({@code includeMetadata}, {@code includeBinaryData}):
     * absent from a record that overwrites a stored one, they keep their stored value, so a file
     * exported without them imports back without deleting them. Present, even as null, they replace it.
     */
    public static final Set<String> KEPT_WHEN_ABSENT = Set.of("metadata", "attachments");
    /** The key an export with {@code includeLineage} gives each record's lineage under. */
    public static final String LINEAGE = "lineage";

    private final String key;
    private final String table;
    private final List<FieldSpec> fields;
    private final Set<String> fieldNames;

    DataType(String key, String table, List<FieldSpec> fields) {
        this.key = key;
        this.table = table;
        this.fields = fields;
        this.fieldNames = fields.stream().map(FieldSpec::name).collect(Collectors.toUnmodifiableSet());
    }

    public String key() {
        return key;
    }

    public String table() {
        return table;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    public boolean has(String fieldName) {
        return fieldNames.contains(fieldName);
    }

    /** The data type names that ask for every type: an export of all, an import that detects each record's type. */
    public static boolean isAll(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("all") || v.equals("auto-detect") || v.equals("auto");
    }

    /**
     * The type a record of unknown type most likely is, by fields only one type has. A record with
     * none of them (only id, name, dates, metadata) keeps the type of the record before it, or is a
     * session, the type whose required fields those are.
     */
    public static DataType byShape(JsonNode record, DataType previous) {
        if (record.has("title") || record.has("content") || record.has("tags") || record.has("sessionId")
                || record.hasNonNull("attachments") || record.has("type")) {
            return CONTEXTS;
        }
        if (record.has("schema") || record.has("transformation") || record.has("version")
                || record.has("description")) {
            return TEMPLATES;
        }
        if (record.has("userId")) {
            return SESSIONS;
        }
        return previous != null ? previous : SESSIONS;
    }

    /** Accepts the plural key ({@code contexts}) and the singular ({@code context}), any case. */
    public static Optional<DataType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.key.equals(v) || t.key.equals(v + "s")).findFirst();
    }
}
