package io.contextstore.migration.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.record.RecordTypes;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.FieldSpec;
import org.springframework.stereotype.Component;
import io.contextstore.migration.record.CheckedRecord;
import io.contextstore.migration.record.CheckedBatch;
import io.contextstore.migration.record.Excerpt;

/**
 * Checks records against their type's fields and brings them to canonical form. With
 * {@code validateSchema} every rule applies; without it, values are coerced where that is
 * lossless (a number where a string is expected) and unknown fields are dropped, but what the store
 * cannot hold (a missing id, an unreadable date) is still refused.
 */
@Component
public class RecordValidator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TEMPLATE_FIELD_TYPES = List.of("string", "number", "boolean", "date", "array", "object");

    private final ComputedFields computedFields;

    RecordValidator(ComputedFields computedFields) {
        this.computedFields = computedFields;
    }

    /**
     * The validate step of an import: each mapped record checked as a record of its type. Records
     * refused earlier keep their place among the refused, so errors are listed in input order.
     */
    public CheckedBatch validate(MappedBatch batch, MappingSettings settings) {
        boolean validateSchema = settings.validateSchema();
        RecordTypes types = settings.types();
        List<CheckedRecord> valid = new ArrayList<>(batch.size());
        List<Rejection> rejected = new ArrayList<>();
        for (MappedBatch.Item item : batch.items()) {
            if (item.rejection() != null) {
                rejected.add(item.rejection());
                continue;
            }
            SourceRecord record = item.record();
            List<ValidationError> problems = new ArrayList<>();
            DataType type = types.of(record, item.fields());
            ObjectNode canonical = check(type, record.position(), item.fields(), validateSchema, settings.fillsDefaults(), problems);
            if (problems.isEmpty()) {
                valid.add(new CheckedRecord(record, type, canonical));
            } else {
                JsonNode id = item.fields().get("id");
                rejected.add(new Rejection(record, summary(problems), problems, id != null && id.isTextual() ? id.asText() : null));
            }
        }
        return new CheckedBatch(valid, rejected, batch.dropped());
    }

    public ObjectNode check(DataType type, long position, ObjectNode input, boolean strictSchema,
                            List<ValidationError> problems) {
        return check(type, position, input, strictSchema, true, problems);
    }

    private ObjectNode check(DataType type, long position, ObjectNode input, boolean strictSchema, boolean defaults,
                             List<ValidationError> problems) {
        ObjectNode out = NODES.objectNode();
        Problems report = new Problems(position, problems);
        if (strictSchema) {
            for (Iterator<String> names = input.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!type.has(name)) {
                    report.add(name, "unknown", "'" + Excerpt.of(name) + "' is not a field of " + type.key());
                }
            }
        }
        for (FieldSpec field : type.fields()) {
            JsonNode value = input.get(field.name());
            if (value == null || value.isNull()) {
                JsonNode fallback = fallback(type, field);
                if (fallback != null) {
                    if (defaults) {
                        out.set(field.name(), fallback);
                    }
                } else if (value != null && DataType.KEPT_WHEN_ABSENT.contains(field.name())) {
                    out.putNull(field.name());
                } else if (field.required()) {
                    report.add(field.name(), "required", field.name() + " is required");
                }
                continue;
            }
            JsonNode canonical = switch (field.kind()) {
                case STRING -> string(field, value, strictSchema, report);
                case INSTANT -> instant(field.name(), value, report);
                case STRING_LIST -> stringList(field.name(), value, strictSchema, report);
                case OBJECT -> object(type, field.name(), value, strictSchema, report);
                case ATTACHMENTS -> attachments(field.name(), value, strictSchema, report);
            };
            if (canonical != null) {
                out.set(field.name(), canonical);
            }
        }
        if (type == DataType.TEMPLATES) {
            computedFields(out.path("transformation").path("computedFields"), report);
        }
        return out;
    }

    /** With or without validateSchema: what a template's computed fields may reach is not a matter of schema. */
    private void computedFields(JsonNode fields, Problems report) {
        try {
            computedFields.compileAll(fields, "transformation.computedFields");
        } catch (ComputedFields.Refused e) {
            report.add(e.field(), e.rule(), e.getMessage());
        }
    }

    /** Whether a field the record lacks gets a default: {@code createdAt} (now), a context's {@code type}. */
    public static boolean hasDefault(DataType type, String field) {
        return fallback(type, type.fields().stream().filter(f -> f.name().equals(field)).findFirst().orElseThrow()) != null;
    }

    private static JsonNode fallback(DataType type, FieldSpec field) {
        if (field.name().equals("createdAt")) {
            return TextNode.valueOf(Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        }
        if (type == DataType.CONTEXTS && field.name().equals("type")) {
            return TextNode.valueOf(DataType.DEFAULT_CONTEXT_TYPE);
        }
        return null;
    }

    private static JsonNode string(FieldSpec field, JsonNode value, boolean strictSchema, Problems report) {
        String text;
        if (value.isTextual()) {
            text = value.asText();
        } else if (!strictSchema && value.isValueNode()) {
            text = value.asText();
        } else {
            report.add(field.name(), "type", field.name() + " must be a string, not " + kind(value));
            return null;
        }
        if (field.name().equals("id") && text.isBlank()) {
            report.add(field.name(), "required", "id must not be empty");
            return null;
        }
        if (field.maxLength() > 0 && text.length() > field.maxLength()) {
            report.add(field.name(), "maxLength", field.name() + " is longer than " + field.maxLength() + " characters");
            return null;
        }
        return TextNode.valueOf(text);
    }

    private static JsonNode instant(String path, JsonNode value, Problems report) {
        if (!value.isTextual()) {
            report.add(path, "type", path + " must be an ISO-8601 date-time string, not " + kind(value));
            return null;
        }
        if (CanonicalInstant.is(value.asText())) {
            return value;
        }
        try {
            Instant instant = OffsetDateTime.parse(value.asText()).toInstant();
            return TextNode.valueOf(instant.truncatedTo(ChronoUnit.MICROS).toString());
        } catch (DateTimeParseException e) {
            report.add(path, "format", path + " is not an ISO-8601 date-time with offset: '" + Excerpt.of(value.asText()) + "'");
            return null;
        }
    }

    private static JsonNode stringList(String path, JsonNode value, boolean strictSchema, Problems report) {
        if (!value.isArray()) {
            report.add(path, "type", path + " must be a list of strings, not " + kind(value));
            return null;
        }
        ArrayNode out = NODES.arrayNode(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isTextual() || (!strictSchema && item.isValueNode() && !item.isNull())) {
                out.add(item.asText());
            } else {
                report.add(path + "[" + i + "]", "type", path + "[" + i + "] must be a string, not " + kind(item));
            }
        }
        return out;
    }

    private static JsonNode object(DataType type, String path, JsonNode value, boolean strictSchema, Problems report) {
        if (!value.isObject()) {
            report.add(path, "type", path + " must be an object, not " + kind(value));
            return null;
        }
        if (path.equals("metadata")) {
            JsonNode importance = value.get("importance");
            if (importance != null && !importance.isNull()
                    && !(importance.isTextual() && DataType.IMPORTANCE.contains(importance.asText()))) {
                report.add("metadata.importance", "enum",
                        "metadata.importance must be one of " + DataType.IMPORTANCE + ", not " + importance);
            }
            JsonNode source = value.get("source");
            if (source != null && !source.isNull() && !source.isTextual()) {
                if (strictSchema) {
                    report.add("metadata.source", "type", "metadata.source must be a string, not " + kind(source));
                } else if (source.isValueNode()) {
                    // as other strings without validateSchema: a number or boolean taken as its text, as written
                    ObjectNode copy = ((ObjectNode) value).deepCopy();
                    copy.put("source", source.asText());
                    return copy;
                }
            }
        } else if (strictSchema && type == DataType.TEMPLATES && path.equals("schema")) {
            templateSchema(value, report);
        }
        return value;
    }

    private static void templateSchema(JsonNode schema, Problems report) {
        JsonNode fields = schema.get("fields");
        if (fields == null || fields.isNull()) {
            return;
        }
        if (!fields.isArray()) {
            report.add("schema.fields", "type", "schema.fields must be a list");
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            JsonNode f = fields.get(i);
            String at = "schema.fields[" + i + "]";
            if (!f.isObject() || !f.path("name").isTextual()) {
                report.add(at + ".name", "required", at + " needs a name");
            }
            if (f.isObject() && !TEMPLATE_FIELD_TYPES.contains(f.path("type").asText())) {
                report.add(at + ".type", "enum", at + ".type must be one of " + TEMPLATE_FIELD_TYPES);
            }
        }
    }

    private static JsonNode attachments(String path, JsonNode value, boolean strictSchema, Problems report) {
        if (!value.isArray()) {
            report.add(path, "type", path + " must be a list, not " + kind(value));
            return null;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode a = value.get(i);
            String at = path + "[" + i + "]";
            if (!a.isObject()) {
                report.add(at, "type", at + " must be an object with name, contentType and data");
                continue;
            }
            if (!a.path("name").isTextual()) {
                report.add(at + ".name", "required", at + ".name is required");
            }
            JsonNode data = a.get("data");
            if (data != null && !data.isNull()) {
                if (!data.isTextual()) {
                    report.add(at + ".data", "type", at + ".data must be a base64 string");
                } else if (strictSchema && !isBase64(data.asText())) {
                    report.add(at + ".data", "format", at + ".data is not valid base64");
                }
            }
        }
        return value;
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase();
    }

    static String summary(List<ValidationError> problems) {
        StringBuilder text = new StringBuilder("validation failed: ");
        for (int i = 0; i < problems.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(problems.get(i).message());
        }
        return text.toString();
    }

    private record Problems(long position, List<ValidationError> list) {
        void add(String field, String rule, String message) {
            list.add(new ValidationError(position, field, rule, message));
        }
    }

}
