package io.contextstore.migration.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contextstore.migration.record.InvalidOptionsException;
import org.springframework.stereotype.Component;
import io.contextstore.migration.format.ExactNumbers;
import io.contextstore.migration.record.Excerpt;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The transformations an import's {@code mapping.transformations} may name: the built-ins, and
 * {@code custom} with a {@code customFunction} that names a {@link CustomTransformation} bean.
 * Each step is checked and compiled before the first record is read.
 */
@Component
public class Transformations {

    /** One compiled step: the field it changes and how. */
    public interface Step {
        String field();

        /** The new value, or null to leave the field absent; {@link IllegalArgumentException} rejects the record. */
        JsonNode apply(JsonNode value);
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> BOOLEAN_TRUE = Set.of("true", "yes", "y", "1", "on");
    private static final Set<String> BOOLEAN_FALSE = Set.of("false", "no", "n", "0", "off");

    private final Map<String, CustomTransformation> custom = new HashMap<>();

    public Transformations(List<CustomTransformation> customFunctions) {
        for (CustomTransformation f : customFunctions) {
            if (custom.put(f.name(), f) != null) {
                throw new IllegalStateException("two custom transformations are named '" + f.name() + "'");
            }
        }
    }

    /** Compiles one entry of {@code mapping.transformations}, or says what is wrong with it. */
    public Step compile(JsonNode spec, int index) {
        String at = "mapping.transformations[" + index + "]";
        String field = spec.path("field").asText("");
        String name = spec.path("transformation").asText("");
        if (field.isBlank()) {
            throw new InvalidOptionsException(at + ".field is required");
        }
        return switch (name) {
            case "trim" -> step(field, v -> text(v, String::strip));
            case "lowercase" -> step(field, v -> text(v, s -> s.toLowerCase(Locale.ROOT)));
            case "uppercase" -> step(field, v -> text(v, s -> s.toUpperCase(Locale.ROOT)));
            case "splitAndTrim" -> step(field, Transformations::splitAndTrim);
            case "toNumber" -> step(field, Transformations::toNumber);
            case "toBoolean" -> step(field, Transformations::toBoolean);
            case "parseDate" -> parseDate(field, spec, at);
            case "default" -> defaultValue(field, spec, at);
            case "custom" -> customStep(field, spec.path("customFunction").asText(""), at);
            default -> throw new InvalidOptionsException(at + ".transformation '" + name + "' is unknown; use trim, "
                    + "lowercase, uppercase, splitAndTrim, parseDate, default, toNumber, toBoolean or custom");
        };
    }

    private interface Function {
        JsonNode apply(JsonNode value);
    }

    /** Absent and null values pass through every transformation but {@code default}. */
    private static Step step(String field, Function f) {
        return new Step() {
            @Override
            public String field() {
                return field;
            }

            @Override
            public JsonNode apply(JsonNode value) {
                return value == null || value.isNull() ? value : f.apply(value);
            }
        };
    }

    private static JsonNode text(JsonNode value, UnaryOperator<String> f) {
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            value.forEach(item -> out.add(item.isTextual() ? TextNode.valueOf(f.apply(item.asText())) : item));
            return out;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("expected text, found " + value.getNodeType().name().toLowerCase());
        }
        return TextNode.valueOf(f.apply(value.asText()));
    }

    static JsonNode splitAndTrim(JsonNode value) {
        ArrayNode out = NODES.arrayNode();
        if (value.isArray()) {
            value.forEach(item -> {
                String s = item.asText().strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            });
            return out;
        }
        for (String part : value.asText().split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static JsonNode toNumber(JsonNode value) {
        if (value.isNumber()) {
            return value;
        }
        JsonNode number = ExactNumbers.parse(value.asText().strip());
        if (number == null) {
            throw new IllegalArgumentException("'" + Excerpt.of(value.asText()) + "' is not a number");
        }
        return number;
    }

    private static JsonNode toBoolean(JsonNode value) {
        if (value.isBoolean()) {
            return value;
        }
        String s = value.asText().strip().toLowerCase(Locale.ROOT);
        if (BOOLEAN_TRUE.contains(s)) {
            return BooleanNode.TRUE;
        }
        if (BOOLEAN_FALSE.contains(s)) {
            return BooleanNode.FALSE;
        }
        throw new IllegalArgumentException("'" + Excerpt.of(value.asText()) + "' is not a boolean (true/false, yes/no, 1/0)");
    }

    /** {@code pattern} as in java.time ({@code dd/MM/yyyy HH:mm}); {@code zone} defaults to UTC. */
    private static Step parseDate(String field, JsonNode spec, String at) {
        String pattern = spec.path("pattern").asText("");
        DateTimeFormatter format;
        ZoneId zone;
        try {
            format = DateTimeFormatter.ofPattern(pattern);
            zone = ZoneId.of(spec.path("zone").asText("UTC"));
        } catch (RuntimeException e) {
            throw new InvalidOptionsException(at + " needs a valid pattern (e.g. \"dd/MM/yyyy HH:mm\") and zone: "
                    + e.getMessage());
        }
        if (pattern.isBlank()) {
            throw new InvalidOptionsException(at + ".pattern is required for parseDate");
        }
        return step(field, v -> {
            try {
                TemporalAccessor parsed = format.parseBest(v.asText().strip(), ZonedDateTime::from,
                        LocalDateTime::from, LocalDate::from);
                ZonedDateTime time = parsed instanceof ZonedDateTime z ? z : parsed instanceof LocalDateTime l
                        ? l.atZone(zone) : ((LocalDate) parsed).atStartOfDay(zone);
                return TextNode.valueOf(time.toInstant().toString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + Excerpt.of(v.asText()) + "' does not match the date pattern '" + pattern + "'");
            }
        });
    }

    /** Sets {@code value} where the field is absent, null or an empty string. */
    private static Step defaultValue(String field, JsonNode spec, String at) {
        JsonNode fallback = spec.get("value");
        if (fallback == null) {
            throw new InvalidOptionsException(at + ".value is required for default");
        }
        return new Step() {
            @Override
            public String field() {
                return field;
            }

            @Override
            public JsonNode apply(JsonNode value) {
                boolean missing = value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty());
                return missing ? fallback.deepCopy() : value;
            }
        };
    }

    private Step customStep(String field, String name, String at) {
        CustomTransformation f = custom.get(name);
        if (f == null) {
            throw new InvalidOptionsException(at + ".customFunction '" + name + "' is unknown; known: "
                    + new TreeSet<>(custom.keySet()));
        }
        return step(field, f::apply);
    }
}
