package io.contextstore.migration.mapping;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contextstore.migration.config.TemplateProperties;
import io.contextstore.migration.record.InvalidOptionsException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import io.contextstore.migration.format.ExactNumbers;

/**
 * A template's computed fields ({@code transformation.computedFields[]} of {@code name},
 * {@code expression}, {@code type}): checked when a template is stored and again when it is used,
 * evaluated per record (see {@link ComputedExpression} for what an expression may say).
 */
@Component
class ComputedFields {

    static final Set<String> TYPES = Set.of("string", "number", "boolean", "date");
    private static final int MAX_NAME_LENGTH = 255;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ComputedExpression.Limits limits;
    private final int maxFields;
    private final Clock clock;

    @Autowired
    ComputedFields(TemplateProperties properties) {
        this(properties, Clock.systemUTC());
    }

    ComputedFields(TemplateProperties properties, Clock clock) {
        this.limits = new ComputedExpression.Limits(properties.maxExpressionLength(), properties.maxNesting(),
                (int) Math.min(Integer.MAX_VALUE - 8, properties.maxComputedSize().toBytes()));
        this.maxFields = properties.maxComputedFields();
        this.clock = clock;
    }

    /** One computed field, ready to evaluate per record. */
    record Field(String name, String type, ComputedExpression expression) {
    }

    /** A computed field that cannot be used: {@code field} is its path under {@code at}, {@code rule} the broken one. */
    static final class Refused extends InvalidOptionsException {
        private final String field;
        private final String rule;

        Refused(String field, String rule, String message) {
            super(message);
            this.field = field;
            this.rule = rule;
        }

        String field() {
            return field;
        }

        String rule() {
            return rule;
        }
    }

    /** A record whose computed field has no value of the field's type: a record error, never a changed value. */
    static final class Unconvertible extends InvalidOptionsException {
        Unconvertible(String message) {
            super(message);
        }
    }

    /** All computed fields of a template's {@code transformation}, {@code at} naming where they are. */
    List<Field> compileAll(JsonNode computedFields, String at) {
        if (computedFields == null || computedFields.isNull() || computedFields.isMissingNode()) {
            return List.of();
        }
        if (!computedFields.isArray()) {
            throw new Refused(at, "type", at + " must be a list");
        }
        if (computedFields.size() > maxFields) {
            throw new Refused(at, "maxItems", at + " has " + computedFields.size() + " entries, more than "
                    + maxFields);
        }
        List<Field> fields = new ArrayList<>(computedFields.size());
        for (int i = 0; i < computedFields.size(); i++) {
            fields.add(compile(computedFields.get(i), at + "[" + i + "]"));
        }
        return List.copyOf(fields);
    }

    Field compile(JsonNode spec, String at) {
        if (!spec.isObject() || !spec.path("name").isTextual() || spec.path("name").asText().isBlank()) {
            throw new Refused(at + ".name", "required", at + " needs a name");
        }
        String name = spec.get("name").asText();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new Refused(at + ".name", "maxLength", at + ".name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!spec.path("expression").isTextual()) {
            throw new Refused(at + ".expression", "required", at + " needs an expression (text)");
        }
        String expression = spec.get("expression").asText();
        JsonNode typeNode = spec.get("type");
        String type = typeNode == null || typeNode.isNull() ? "string" : typeNode.asText();
        if (!TYPES.contains(type)) {
            throw new Refused(at + ".type", "enum", at + ".type must be one of string, number, boolean, date, not '"
                    + quoted(type, 40) + "'");
        }
        try {
            return new Field(name, type, ComputedExpression.parse(expression, limits));
        } catch (ComputedExpression.Refused e) {
            throw new Refused(at + ".expression", "expression", at + ".expression '" + quoted(expression, 200)
                    + "' is refused: " + e.getMessage() + "; " + ComputedExpression.ALLOWED);
        }
    }

    /**
     * What the computed fields of one record may come to, in characters
     * ({@code migration.templates.max-computed-size}).
     */
    int maxComputedChars() {
        return limits.maxChars();
    }

    /** The field's value for this record, as the field's type says. */
    JsonNode evaluate(Field field, ObjectNode record) {
        Object value;
        try {
            value = field.expression().evaluate(record, clock);
        } catch (ComputedExpression.Unfit e) {
            throw new Unconvertible("computed field " + field.name() + ": " + e.getMessage());
        }
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (field.type()) {
            case "date" -> date(field, value);
            case "number" -> number(field, value);
            case "boolean" -> bool(field, value);
            default -> TextNode.valueOf(scalar(field, value, "string"));
        };
    }

    private static JsonNode date(Field field, Object value) {
        if (value instanceof Instant instant) {
            return TextNode.valueOf(instant.toString());
        }
        String text = scalar(field, value, "date");
        try {
            return TextNode.valueOf(OffsetDateTime.parse(text).toInstant().toString());
        } catch (DateTimeParseException e) {
            throw unconvertible(field, text, "an ISO-8601 date-time with offset");
        }
    }

    private static JsonNode number(Field field, Object value) {
        if (value instanceof JsonNode node && node.isNumber()) {
            return node;
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        String text = scalar(field, value, "number");
        // as the toNumber transformation gives it: the number as written
        JsonNode number = ExactNumbers.parse(text);
        if (number == null) {
            throw unconvertible(field, text, "a number");
        }
        return number;
    }

    private static JsonNode bool(Field field, Object value) {
        if (value instanceof JsonNode node && node.isBoolean()) {
            return node;
        }
        String text = scalar(field, value, "boolean");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> BooleanNode.TRUE;
            case "false" -> BooleanNode.FALSE;
            default -> throw unconvertible(field, text, "true or false");
        };
    }

    private static String scalar(Field field, Object value, String type) {
        try {
            return ComputedExpression.text(value, "its value");
        } catch (ComputedExpression.Unfit e) {
            throw new Unconvertible("computed field " + field.name() + " (" + type + "): " + e.getMessage());
        }
    }

    private static Unconvertible unconvertible(Field field, String text, String what) {
        return new Unconvertible("computed field " + field.name() + " (" + field.type() + "): '" + quoted(text, 100)
                + "' is not " + what);
    }

    /** A value echoed in a message: shortened, control characters escaped so a log line stays one line. */
    static String quoted(String text, int max) {
        String shown = text.length() > max ? text.substring(0, max) + "…" : text;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
