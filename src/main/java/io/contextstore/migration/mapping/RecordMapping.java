package io.contextstore.migration.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.record.ValidationError;
import java.util.Collections;
import java.util.Locale;

/**
 * An import's {@code mapping}, compiled once: {@code fieldMappings} (source path to target path,
 * dot paths reach into nested objects), what happens to source fields no mapping names
 * ({@code unmapped}: {@code keep}, the default, {@code drop}, or {@code metadata} to put them
 * under {@code metadata}), then {@code transformations} in order. Applied to each record before
 * validation, so that validation sees the record as it will be stored.
 */
public final class RecordMapping {

    public static final RecordMapping NONE = new RecordMapping(Map.of(), Unmapped.KEEP, List.of());

    enum Unmapped { KEEP, DROP, METADATA }

    private final Map<String, String> fieldMappings;
    private final Unmapped unmapped;
    private final List<Transformations.Step> steps;

    private RecordMapping(Map<String, String> fieldMappings, Unmapped unmapped, List<Transformations.Step> steps) {
        this.fieldMappings = fieldMappings;
        this.unmapped = unmapped;
        this.steps = steps;
    }

    /** Checks and compiles the option; any mistake is an {@link InvalidOptionsException} before a record is read. */
    public static RecordMapping compile(JsonNode mapping, Transformations transformations) {
        return compile(mapping, transformations, Map.of());
    }

    /** With a template's mapping under the caller's: the caller's fieldMappings win on the same source. */
    public static RecordMapping compile(JsonNode mapping, Transformations transformations,
                                        Map<String, String> templateMapping) {
        if (mapping == null || mapping.isNull() || mapping.isMissingNode()) {
            return templateMapping.isEmpty() ? NONE
                    : new RecordMapping(templateMapping, Unmapped.KEEP, List.of());
        }
        if (!mapping.isObject()) {
            throw new InvalidOptionsException("mapping must be an object with fieldMappings and transformations");
        }
        for (var names = mapping.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("fieldMappings", "transformations", "unmapped").contains(name)) {
                throw new InvalidOptionsException("unknown option 'mapping." + name + "'");
            }
        }
        Map<String, String> fields = new LinkedHashMap<>(templateMapping);
        JsonNode given = mapping.path("fieldMappings");
        if (!given.isMissingNode() && !given.isNull()) {
            if (!given.isObject()) {
                throw new InvalidOptionsException("mapping.fieldMappings must map source fields to target fields");
            }
            given.properties().forEach(e -> {
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank() || e.getKey().isBlank()) {
                    throw new InvalidOptionsException("mapping.fieldMappings." + e.getKey() + " must name a target field");
                }
                fields.put(e.getKey(), e.getValue().asText());
            });
        }
        Unmapped unmapped;
        try {
            unmapped = Unmapped.valueOf(mapping.path("unmapped").asText("keep").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionsException("mapping.unmapped must be keep, drop or metadata");
        }
        List<Transformations.Step> steps = new ArrayList<>();
        JsonNode list = mapping.path("transformations");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw new InvalidOptionsException("mapping.transformations must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                steps.add(transformations.compile(list.get(i), i));
            }
        }
        return new RecordMapping(Collections.unmodifiableMap(fields), unmapped, List.copyOf(steps));
    }

    public boolean isNone() {
        return fieldMappings.isEmpty() && steps.isEmpty() && unmapped == Unmapped.KEEP;
    }

    /** Adds what {@code from} has and {@code into} lacks, object by object; mapped values win. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            JsonNode present = into.get(e.getKey());
            if (present == null) {
                into.set(e.getKey(), e.getValue());
            } else if (present instanceof ObjectNode target && e.getValue() instanceof ObjectNode more) {
                merge(target, more);
            }
        });
    }

    /** The record mapped; a value a transformation refuses is listed in {@code problems}. */
    public ObjectNode apply(ObjectNode source, long position, List<ValidationError> problems) {
        if (isNone()) {
            return source;
        }
        ObjectNode out = renamed(source);
        for (Transformations.Step step : steps) {
            JsonNode before = FieldPaths.get(out, step.field());
            try {
                JsonNode after = step.apply(before);
                if (after != before) {
                    FieldPaths.set(out, step.field(), after);
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ValidationError(position, step.field(),
                        "transformation", step.field() + ": " + e.getMessage()));
            }
        }
        return out;
    }

    /**
     * The top-level fields a record read from these columns (dot paths) may have once mapped:
     * renamed, kept or moved as {@code unmapped} says, and every field a transformation sets (a
     * {@code default} makes one from nothing).
     */
    public Set<String> fieldsFrom(List<String> columns) {
        ObjectNode skeleton = JsonNodeFactory.instance.objectNode();
        columns.forEach(c -> FieldPaths.set(skeleton, c, TextNode.valueOf("")));
        Set<String> fields = new LinkedHashSet<>();
        renamed(skeleton).fieldNames().forEachRemaining(fields::add);
        steps.forEach(step -> fields.add(step.field().split("\\.")[0]));
        return fields;
    }

    /** Whether a {@code fieldMappings} source reads this column, or a column within it or around it. */
    public boolean reads(String column) {
        return fieldMappings.keySet().stream().anyMatch(source -> source.equals(column)
                || column.startsWith(source + ".") || source.startsWith(column + "."));
    }

    /** The record with {@code fieldMappings} and {@code unmapped} applied: a new object. */
    private ObjectNode renamed(ObjectNode source) {
        ObjectNode rest = source.deepCopy();
        ObjectNode out = source.objectNode();
        for (Map.Entry<String, String> m : fieldMappings.entrySet()) {
            JsonNode value = FieldPaths.remove(rest, m.getKey());
            if (value != null) {
                FieldPaths.set(out, m.getValue(), value);
            }
        }
        switch (unmapped) {
            case KEEP -> merge(out, rest);
            case METADATA -> {
                // nothing left over puts no metadata in: an absent one keeps what is stored on overwrite
                if (!rest.isEmpty()) {
                    merge(out.get("metadata") instanceof ObjectNode m ? m : out.putObject("metadata"), rest);
                }
            }
            case DROP -> {
            }
        }
        return out;
    }
}
