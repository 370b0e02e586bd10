package io.contextstore.migration.mapping;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.record.ValidationError;
import java.util.Collections;

/**
 * A stored data template (SPEC §5) made ready to use. On import its mapping renames fields, its
 * computed fields are added and its schema checks types and required fields; on export its
 * mapping selects and renames the fields written, and its computed fields are added.
 */
public final class TemplatePlan {

    private record SchemaField(String name, String type, boolean required) {
    }

    private final String id;
    private final Map<String, String> mapping;
    private final List<SchemaField> schema;
    private final List<ComputedFields.Field> computed;
    private final ComputedFields evaluator;

    private TemplatePlan(String id, Map<String, String> mapping, List<SchemaField> schema,
                         List<ComputedFields.Field> computed, ComputedFields evaluator) {
        this.id = id;
        this.mapping = mapping;
        this.schema = schema;
        this.computed = computed;
        this.evaluator = evaluator;
    }

    /** Compiles a stored template; its computed fields are checked again here. */
    static TemplatePlan of(JsonNode template, ComputedFields evaluator) {
        String id = template.path("id").asText();
        Map<String, String> mapping = new LinkedHashMap<>();
        template.path("transformation").path("mapping").properties()
                .forEach(e -> mapping.put(e.getKey(), e.getValue().asText()));
        List<SchemaField> schema = new ArrayList<>();
        for (JsonNode f : template.path("schema").path("fields")) {
            schema.add(new SchemaField(f.path("name").asText(), f.path("type").asText("string"),
                    f.path("required").asBoolean(false)));
        }
        // a template stored before expressions were checked as they are now must not run
        List<ComputedFields.Field> computed = evaluator.compileAll(
                template.path("transformation").path("computedFields"), "template '" + id + "' computedFields");
        return new TemplatePlan(id, Collections.unmodifiableMap(mapping), List.copyOf(schema),
                computed, evaluator);
    }

    public Map<String, String> mapping() {
        return mapping;
    }

    /** The fields its computed fields set on import (dot paths). */
    public List<String> computedFieldNames() {
        return computed.stream().map(ComputedFields.Field::name).toList();
    }

    /**
     * Import: the computed fields are set, then the schema is checked. Every computed field reads the
     * record as mapped, none sees another's value (as on export, where they read the stored record).
     */
    public void complete(ObjectNode record, long position, List<ValidationError> problems) {
        List<JsonNode> values = new ArrayList<>(computed.size());
        long chars = 0;
        for (ComputedFields.Field field : computed) {
            try {
                JsonNode value = evaluator.evaluate(field, record);
                chars = withinBudget(chars, value, field);
                values.add(value);
            } catch (ComputedFields.Unconvertible e) {
                problems.add(new ValidationError(position, field.name(), "computed", e.getMessage()
                        + " (template " + id + ")"));
                values.add(null);
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        for (int i = 0; i < computed.size(); i++) {
            FieldPaths.set(record, computed.get(i).name(), values.get(i));
        }
        for (SchemaField field : schema) {
            JsonNode value = FieldPaths.get(record, field.name());
            if (value == null || value.isNull()) {
                if (field.required()) {
                    problems.add(new ValidationError(position, field.name(), "required",
                            field.name() + " is required by template " + id));
                }
            } else if (!fits(value, field.type())) {
                problems.add(new ValidationError(position, field.name(), "type",
                        field.name() + " must be of type " + field.type() + " (template " + id + "), not "
                                + value.getNodeType().name().toLowerCase()));
            }
        }
    }

    private static boolean fits(JsonNode value, String type) {
        return switch (type) {
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            case "date" -> value.isTextual() && isInstant(value.asText());
            default -> value.isTextual();
        };
    }

    private static boolean isInstant(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The fields an export with this template writes, in order. */
    public List<String> exportFields() {
        List<String> names = new ArrayList<>(mapping.isEmpty() ? schema.stream().map(SchemaField::name).toList()
                : mapping.values());
        computed.forEach(f -> names.add(f.name()));
        return names;
    }

    /** Export: the selected fields under their new names, and the computed ones. */
    public ObjectNode forExport(ObjectNode record) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (mapping.isEmpty()) {
            for (SchemaField field : schema) {
                JsonNode value = FieldPaths.get(record, field.name());
                if (value != null) {
                    FieldPaths.set(out, field.name(), value);
                }
            }
        } else {
            mapping.forEach((source, target) -> {
                JsonNode value = FieldPaths.get(record, source);
                if (value != null) {
                    FieldPaths.set(out, target, value);
                }
            });
        }
        long chars = 0;
        for (ComputedFields.Field field : computed) {
            try {
                JsonNode value = evaluator.evaluate(field, record);
                chars = withinBudget(chars, value, field);
                FieldPaths.set(out, field.name(), value);
            } catch (ComputedFields.Unconvertible e) {
                throw new InvalidOptionsException("template " + id + ", record '"
                        + ComputedFields.quoted(record.path("id").asText(), 100) + "': " + e.getMessage());
            }
        }
        return out;
    }

    /** All computed fields of one record together stay within migration.templates.max-computed-size. */
    private long withinBudget(long chars, JsonNode value, ComputedFields.Field field) {
        long total = chars + (value.isTextual() ? value.textValue().length() : 0);
        if (total > evaluator.maxComputedChars()) {
            throw new ComputedFields.Unconvertible("computed field " + field.name() + ": the computed fields of one "
                    + "record come to more than " + evaluator.maxComputedChars()
                    + " characters (migration.templates.max-computed-size)");
        }
        return total;
    }
}
