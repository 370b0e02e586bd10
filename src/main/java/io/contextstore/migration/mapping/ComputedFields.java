package io.contextstore.migration.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contextstore.migration.operation.InvalidOptionsException;
import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * A template's computed fields: Camel Simple expressions, evaluated safely. Simple can call beans
 * and methods and run OGNL over the message; a template is data any operator can post, so only
 * functions that read no state are let through ({@code ${date:now}}, {@code ${date:now:<pattern>}},
 * {@code ${date-with-timezone:now:<zone>:<pattern>}}, {@code ${random(n)}}, {@code ${random(m,n)}},
 * {@code ${uuid}}) around plain text; anything else is refused when the template is used.
 */
@Component
public class ComputedFields {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ALLOWED = Pattern.compile(
            "date:now(:[^:}$]+)?|date-with-timezone:now:[A-Za-z_/+\\-0-9]+:[^}$]+|random\\(\\d+(,\\d+)?\\)|uuid");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CamelContext camel;

    public ComputedFields(CamelContext camel) {
        this.camel = camel;
    }

    /** One computed field, ready to evaluate per record. */
    public record Field(String name, String type, Expression expression) {
    }

    public Field compile(JsonNode spec, String at) {
        String name = spec.path("name").asText("");
        String expression = spec.path("expression").asText(null);
        String type = spec.path("type").asText("string");
        if (name.isBlank() || expression == null) {
            throw new InvalidOptionsException(at + " needs a name and an expression");
        }
        Matcher m = PLACEHOLDER.matcher(expression);
        while (m.find()) {
            if (!ALLOWED.matcher(m.group(1).trim()).matches()) {
                throw new InvalidOptionsException(at + ".expression may use only ${date:now[:pattern]}, "
                        + "${date-with-timezone:now:zone:pattern}, ${random(..)} and ${uuid}, not ${" + m.group(1) + "}");
            }
        }
        String text = PLACEHOLDER.matcher(expression).replaceAll("");
        if (text.contains("${") || text.contains("$simple{")) {
            throw new InvalidOptionsException(at + ".expression is not a valid Simple expression");
        }
        try {
            return new Field(name, type, camel.resolveLanguage("simple").createExpression(expression));
        } catch (RuntimeException e) {
            throw new InvalidOptionsException(at + ".expression cannot be parsed: " + e.getMessage());
        }
    }

    /** The field's value now, as the template's type says. */
    public JsonNode evaluate(Field field) {
        Object value = field.expression().evaluate(new DefaultExchange(camel), Object.class);
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (field.type()) {
            case "date" -> TextNode.valueOf(value instanceof Date d ? d.toInstant().toString()
                    : value instanceof Instant i ? i.toString() : OffsetDateTime.parse(value.toString()).toInstant().toString());
            case "number" -> NODES.numberNode(new java.math.BigDecimal(value.toString()));
            case "boolean" -> BooleanNode.valueOf(Boolean.parseBoolean(value.toString()));
            default -> TextNode.valueOf(value instanceof Date d ? d.toInstant().toString() : value.toString());
        };
    }
}
