package io.contextstore.migration.format;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.Excerpt;

/**
 * Numbers are kept as the decimal text they were read as: {@code 1.5E+9999}, {@code 1.23E-787},
 * 30 digits of pi, {@code -0.0}, {@code 1.50} and {@code 1e3} come back exactly as written, in every
 * format and through the store. Jackson's tree deserializer builds a number node from the parsed
 * value alone (a double, or with {@code USE_BIG_DECIMAL_FOR_FLOATS} a BigDecimal, which has no
 * negative zero and forgets how the exponent was spelt), and its number methods are final; so
 * {@link #module()} builds the same trees with a node that keeps the text, and every reader and the
 * store use it. Text that is no JSON number (a YAML {@code 0x1F} or {@code 1_000}) is kept as its
 * exact value; what no decimal can hold ({@code .inf}, {@code .nan}) is refused.
 */
public final class ExactNumbers {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ExactNumbers() {
    }

    /** The Jackson module that makes {@code readTree} and every {@link JsonNode} property keep numbers as written. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("exact-numbers");
        module.addDeserializer(JsonNode.class, new Trees());
        return module;
    }

    /**
     * The number a text holds, kept as written when it is a JSON number, else as its exact value
     * ({@code +5}, {@code .5}); null when the text is no number.
     */
    public static JsonNode parse(String text) {
        try {
            return JSON_NUMBER.matcher(text).matches() ? ofJsonText(text) : exact(new BigDecimal(text));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** The exact value of a decimal, its scale kept ({@code 1.50} stays {@code 1.50}). */
    public static JsonNode exact(BigDecimal value) {
        return NODES.numberNode(value);
    }

    /** The number at the parser's current token; what no decimal holds (YAML's .inf, .nan) throws. */
    static JsonNode read(JsonParser parser) throws IOException {
        String text = parser.getText();
        if (JSON_NUMBER.matcher(text).matches()) {
            try {
                return ofJsonText(text);
            } catch (NumberFormatException e) {
                throw new JsonParseException(parser, "the number " + Excerpt.of(text)
                        + " has an exponent beyond what a decimal holds");
            }
        }
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return NODES.numberNode(parser.getBigIntegerValue());
        }
        return exact(parser.getDecimalValue());
    }

    private static JsonNode ofJsonText(String text) {
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (integral && !text.equals("-0")) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
        }
        return new Decimal(text, integral);
    }

    /**
     * A number node that writes and reads back as the text it was made from (its value checked when
     * made). It equals a node of the same text only: {@code 1.50} and {@code 1.5} are different values
     * to keep, so a re-import that changes one into the other is a change. Its {@code intValue} and
     * {@code longValue} narrow as Jackson's own nodes do; options are bound through
     * {@code canConvertToInt}, which refuses what does not fit.
     */
    static final class Decimal extends NumericNode {

        private static final long serialVersionUID = 1L;
        private static final int MAX_INTEGER_DIGITS = 10_000;

        private final String text;
        private final boolean integral;
        private final BigDecimal value;

        Decimal(String text, boolean integral) {
            this.text = text;
            this.integral = integral;
            this.value = new BigDecimal(text);
        }

        private BigDecimal value() {
            return value;
        }

        @Override
        public JsonToken asToken() {
            return integral ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
        }

        @Override
        public JsonParser.NumberType numberType() {
            return integral ? JsonParser.NumberType.BIG_INTEGER : JsonParser.NumberType.BIG_DECIMAL;
        }

        @Override
        public boolean isIntegralNumber() {
            return integral;
        }

        @Override
        public boolean isFloatingPointNumber() {
            return !integral;
        }

        @Override
        public boolean isBigDecimal() {
            return !integral;
        }

        @Override
        public boolean isBigInteger() {
            return integral;
        }

        @Override
        public Number numberValue() {
            return value();
        }

        @Override
        public int intValue() {
            return bigIntegerValue().intValue();
        }

        @Override
        public long longValue() {
            return bigIntegerValue().longValue();
        }

        @Override
        public double doubleValue() {
            return value().doubleValue();
        }

        @Override
        public BigDecimal decimalValue() {
            return value();
        }

        @Override
        public BigInteger bigIntegerValue() {
            // the whole part of 1E+999999999 would take a gigabyte, of 1E-999999999 as long to compute
            int digits = value().precision() - value().scale();
            if (digits <= 0) {
                return BigInteger.ZERO;
            }
            if (digits > MAX_INTEGER_DIGITS) {
                throw new ArithmeticException("the number " + Excerpt.of(text) + " has more than " + MAX_INTEGER_DIGITS
                        + " digits before its point");
            }
            return value().toBigInteger();
        }

        @Override
        public boolean canConvertToInt() {
            return integral && value().compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                    && value().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        }

        @Override
        public boolean canConvertToLong() {
            return integral && value().compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                    && value().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        }

        @Override
        public String asText() {
            return text;
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeNumber(text);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Decimal other && other.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    /** Builds trees as Jackson's node deserializer does, numbers as {@link #read}. */
    static final class Trees extends StdDeserializer<JsonNode> {

        private static final long serialVersionUID = 1L;

        Trees() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return tree(p);
        }

        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) {
            return NullNode.getInstance();
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }

        static JsonNode tree(JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == null) {
                throw new JsonProcessingException("no JSON value", p.currentLocation()) {
                };
            }
            return switch (token) {
                case START_OBJECT -> {
                    p.nextToken();
                    yield object(p);
                }
                case FIELD_NAME, END_OBJECT -> object(p);
                case START_ARRAY -> {
                    ArrayNode array = NODES.arrayNode();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        array.add(tree(p));
                    }
                    yield array;
                }
                case VALUE_STRING -> NODES.textNode(p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> read(p);
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                case VALUE_EMBEDDED_OBJECT -> embedded(p.getEmbeddedObject());
                default -> throw new JsonProcessingException("unexpected " + token, p.currentLocation()) {
                };
            };
        }

        private static ObjectNode object(JsonParser p) throws IOException {
            ObjectNode object = NODES.objectNode();
            while (p.currentToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                object.set(name, tree(p));
                p.nextToken();
            }
            return object;
        }

        private static JsonNode embedded(Object value) {
            if (value == null) {
                return NODES.nullNode();
            }
            if (value instanceof byte[] bytes) {
                return NODES.binaryNode(bytes);
            }
            return value instanceof JsonNode node ? node : NODES.pojoNode(value);
        }
    }
}
