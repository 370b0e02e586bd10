package io.contextstore.migration.mapping;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.TemplateProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Computed field expressions as template authors write them: what they evaluate to, and what is refused. */
class ComputedExpressionTests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-02-29T13:45:30.123456Z");
    private final ComputedFields fields = new ComputedFields(new TemplateProperties(1000, 8, 100, null),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Expressions that reach beyond the record, the constants and the clock, in every family Camel 4.17 knows. */
    static Stream<String> refused() {
        return Stream.of(
                "resource:file:/etc/hostname", "resource:classpath:application.yml",
                "resource:base64:JHtzeXNlbnYuSE9NRX0=", "resource:http://example.org/x", "resource:ref:key",
                "resource:bean:key", "${sysenv.HOME}", "${sysenv:HOME}", "${env:HOME}", "${env.HOME}",
                "${sys.user.home}", "${sys:user.home}", "${properties:migration.key}",
                "${properties:migration.key:x}", "${propertiesExist:migration.key}", "${bean:jdbcTemplate.execute('x')}",
                "${bean:ref.method}", "${ref:jdbcTemplate}", "${type:java.lang.System.out}", "${exchange}",
                "${exchange.context.stop()}", "${exchangeId}", "${exchangeProperty.x}", "${exchangeProperty:x}",
                "${camelContext.name}", "${camelContext}", "${camelId}", "${routeId}", "${routeGroup}", "${stepId}",
                "${fromRouteId}", "${header.x}", "${header:x}", "${headers}", "${headers.x}", "${in.header.x}",
                "${in.body}", "${variable.x}", "${variable:x}", "${variables}", "${exception}", "${exception.message}",
                "${exception.stacktrace}", "${body}", "${body.getClass()}", "${body.getClass().forName('x')}",
                "${record.getClass()}", "${record.title.length()}", "${record[title]}", "${body[0]}", "${bodyOneLine}",
                "${bodyType}", "${messageTimestamp}", "${messageAs(String)}", "${bodyAs(String)}",
                "${mandatoryBodyAs(String)}", "${headerAs(x,String)}", "${convertTo(String)}", "${collate(2)}",
                "${skip(1)}", "${join(',')}", "${jq(.x)}", "${jsonpath($.x)}", "${xpath(/x)}", "${file:name}",
                "${file:absolute.path}", "${date:file}", "${date:header.x}", "${date:exchangeProperty.x}",
                "${date:now-1h}", "${date:in.header.x}", "${date:now:${sys.user.home}}",
                "${date-with-timezone:header.x:UTC:yyyy}", "${date-with-timezone:now:Not/AZone:yyyy}",
                "${hash(x)}", "${hash(${body},SHA-256)}", "${empty(map)}", "${newEmpty(map)}", "${iif(true,a,b)}",
                "${load(x)}", "${function(x)}", "${attachment.x}", "${attachments}", "${attachmentsSize}",
                "${threadId}", "${threadName}", "${hostname}", "${uuid(random)}", "${random}", "${random(5,2)}",
                "${replace(a,b)}", "${split(,)}", "${size}", "${length}", "${pretty(x)}", "${toJson(x)}",
                "${sum(1,2)}", "${kindOfType(x)}", "${isEmpty(x)}", "${setHeader(x,y)}", "${setVariable(x,y)}",
                "${uppercase(header.x)}", "${concat(record.a,sysenv.HOME)}", "${trim(record.a, 'x')}",
                "${substring(record.a)}", "$simple{sysenv.HOME}", "$simple{body}", "${${sysenv.HOME}}",
                "${${body}}", "${", "text ${record.title", "groovy:System.exit(0)", "ognl:request.body",
                "mvel:System.exit(0)", "spel:#{systemProperties}", "#{systemProperties['user.home']}",
                "x #{1+1}", "joor:System.exit(0)", "java:System.exit(0)", "js:1", "python:1", "ref:jdbcTemplate",
                "bean:jdbcTemplate", "method:jdbcTemplate", "constant:x", "exchangeProperty:x", "header:x",
                "variable:x", "simple:${body}", "csimple:${body}", "datasonnet:x", "jsonpath:$.x", "jq:.x",
                "xpath:/x", "xquery:/x", "tokenize:x", "wasm:x", "file:/etc/hostname", "classpath:application.yml",
                "http://example.org/", "https://example.org/", "{{migration.key}}", "x {{migration.key}}",
                "{{env:HOME}}");
    }

    private static ObjectNode spec(String expression, String type) {
        ObjectNode spec = MAPPER.createObjectNode().put("name", "metadata.x").put("expression", expression);
        return type == null ? spec : spec.put("type", type);
    }

    private JsonNode evaluate(String expression, String type, String record) throws Exception {
        ComputedFields.Field field = fields.compile(spec(expression, type), "computedFields[0]");
        return fields.evaluate(field, (ObjectNode) MAPPER.readTree(record));
    }

    private JsonNode evaluate(String expression, String type) throws Exception {
        return evaluate(expression, type, "{}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void shouldRefuseAnExpressionThatReachesBeyondTheRecordNamingIt(String expression) {
        assertThatThrownBy(() -> fields.compile(spec(expression, "string"), "computedFields[0]"))
                .isInstanceOf(ComputedFields.Refused.class)
                .hasMessageContaining("computedFields[0].expression '" + expression + "' is refused: ")
                .hasMessageContaining("a computed field may use only")
                .satisfies(e -> assertThat(((ComputedFields.Refused) e).field()).isEqualTo("computedFields[0].expression"));
    }

    /** expression, type, the value (JSON), at 2024-02-29T13:45:30.123456Z. */
    static Stream<Arguments> dates() {
        return Stream.of(
                Arguments.of("${date:now}", "date", "\"2024-02-29T13:45:30.123Z\""),
                Arguments.of("${date:now}", null, "\"2024-02-29T13:45:30.123Z\""),
                Arguments.of(" ${ date:now } ", "string", "\" 2024-02-29T13:45:30.123Z \""),
                Arguments.of("new Date()", "date", "\"2024-02-29T13:45:30.123Z\""),
                Arguments.of("${date:now:yyyy-MM-dd'T'HH:mm:ss.SSS}", "string", "\"2024-02-29T13:45:30.123\""),
                Arguments.of("migration ${date:now:yyyy}", "string", "\"migration 2024\""),
                Arguments.of("${date:now:EEE d MMM uuuu}", "string", "\"Thu 29 Feb 2024\""),
                Arguments.of("${date-with-timezone:now:Europe/Berlin:yyyy-MM-dd HH:mm:ss}", "string",
                        "\"2024-02-29 14:45:30\""),
                Arguments.of("${date-with-timezone:now:Asia/Kolkata:HH:mm xxx}", "string", "\"19:15 +05:30\""),
                Arguments.of("${date-with-timezone:now:Europe/Berlin:yyyy-MM-dd'T'HH:mm:ssXXX}", "date",
                        "\"2024-02-29T13:45:30Z\""),
                Arguments.of("${date:now:yyyy}", "number", "2024"));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("dates")
    void shouldFormatTheClockAsEachDocumentedDateFormSays(String expression, String type, String expected)
            throws Exception {
        assertThat(MAPPER.writeValueAsString(evaluate(expression, type))).isEqualTo(expected);
    }

    @Test
    void shouldDrawRandomNumbersInTheHalfOpenRange() throws Exception {
        Set<JsonNode> below5 = new HashSet<>();
        Set<JsonNode> from10to13 = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            below5.add(evaluate("${random(5)}", "number"));
            from10to13.add(evaluate("${random(10,13)}", "number"));
        }

        assertThat(below5).extracting(JsonNode::asText).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
        assertThat(from10to13).extracting(JsonNode::asText).containsExactlyInAnyOrder("10", "11", "12");
        assertThat(evaluate("n${random(1)}", "string").asText()).isEqualTo("n0");
    }

    @Test
    void shouldGiveARandomUuidEachTime() throws Exception {
        String first = evaluate("${uuid}", "string").asText();
        String second = evaluate("${uuid}", "string").asText();

        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(second).isNotEqualTo(first);
    }

    /** expression, type, the value (JSON) for the record below. */
    static Stream<Arguments> recordValues() {
        return Stream.of(
                Arguments.of("${record.title}", "string", "\"  Quarterly Ünïcode 📈 \""),
                Arguments.of("${body.title}", "string", "\"  Quarterly Ünïcode 📈 \""),
                Arguments.of("${record.metadata.importance}", "string", "\"high\""),
                Arguments.of("${record.metadata.score}", "number", "7.25"),
                Arguments.of("${record.metadata.score}", "string", "\"7.25\""),
                Arguments.of("${record.metadata.count}", "number", "12"),
                Arguments.of("${record.metadata.flag}", "boolean", "true"),
                Arguments.of("${record.metadata.yes}", "boolean", "false"),
                Arguments.of("${record.metadata.when}", "date", "\"2024-01-01T00:00:00Z\""),
                Arguments.of("${record.metadata.missing}", "string", "null"),
                Arguments.of("${record.metadata.nothing}", "number", "null"),
                Arguments.of("id ${record.id}: ${record.metadata.missing}.", "string", "\"id c-1: .\""),
                Arguments.of("Note: ${record.id}", "string", "\"Note: c-1\""),
                Arguments.of("${uppercase(record.title)}", "string", "\"  QUARTERLY ÜNÏCODE 📈 \""),
                Arguments.of("${lowercase(record.title)}", "string", "\"  quarterly ünïcode 📈 \""),
                Arguments.of("${trim(record.title)}", "string", "\"Quarterly Ünïcode 📈\""),
                Arguments.of("${uppercase(trim(record.metadata.importance))}", "string", "\"HIGH\""),
                Arguments.of("${concat(record.id, '-', lowercase(record.metadata.importance))}", "string",
                        "\"c-1-high\""),
                Arguments.of("${concat('it''s ', record.metadata.missing, record.metadata.count)}", "string",
                        "\"it's 12\""),
                Arguments.of("${substring(trim(record.title), 0, 9)}", "string", "\"Quarterly\""),
                Arguments.of("${substring(trim(record.title), 18)}", "string", "\"📈\""),
                Arguments.of("${substring(trim(record.title), 17, 18)}", "string", "\" \""),
                Arguments.of("${substring(record.id, 5, 100)}", "string", "\"\""),
                Arguments.of("${substring( record.id , 2 )}", "string", "\"1\""),
                Arguments.of("${uppercase(record.metadata.missing)}", "string", "null"),
                Arguments.of("${concat(record.metadata.count, '0')}", "number", "120"));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("recordValues")
    void shouldReadTheRecordsOwnFieldsAndTheStringFunctionsOverThem(String expression, String type, String expected)
            throws Exception {
        String record = """
                {"id": "c-1", "title": "  Quarterly Ünïcode 📈 ", "metadata": {"importance": "high", "score": 7.25,
                 "count": "12", "flag": true, "yes": "FALSE", "when": "2024-01-01T01:00:00+01:00", "nothing": null}}""";

        assertThat(MAPPER.writeValueAsString(evaluate(expression, type, record))).isEqualTo(expected);
    }

    /** expression, type, record: no value of the type, so a record error. */
    static Stream<Arguments> unconvertible() {
        return Stream.of(
                Arguments.of("${record.title}", "number", "{\"title\": \"twelve\"}", "'twelve' is not a number"),
                Arguments.of("${record.title}", "boolean", "{\"title\": \"yes\"}", "'yes' is not true or false"),
                Arguments.of("${record.title}", "date", "{\"title\": \"01/02/2024\"}",
                        "'01/02/2024' is not an ISO-8601 date-time"),
                Arguments.of("${date:now:yyyy-MM-dd}", "date", "{}", "'2024-02-29' is not an ISO-8601 date-time"),
                Arguments.of("${record.metadata}", "string", "{\"metadata\": {\"a\": 1}}", "an object, not text"),
                Arguments.of("tags: ${record.tags}", "string", "{\"tags\": [\"a\"]}", "record.tags is a list, not text"),
                Arguments.of("${uppercase(record.tags)}", "string", "{\"tags\": [\"a\"]}",
                        "record.tags is a list, not text"));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("unconvertible")
    void shouldRefuseAValueThatCannotTakeTheFieldsTypeRatherThanChangeIt(String expression, String type,
                                                                         String record, String message) {
        assertThatThrownBy(() -> evaluate(expression, type, record))
                .isInstanceOf(ComputedFields.Unconvertible.class)
                .hasMessageStartingWith("computed field metadata.x")
                .hasMessageContaining(message);
    }

    @Test
    void shouldBoundTheLengthNestingAndNumberOfComputedFields() {
        String longest = "x".repeat(1000);
        String nested8 = "${" + "trim(".repeat(8) + "record.a" + ")".repeat(8) + "}";
        String nested9 = "${" + "trim(".repeat(9) + "record.a" + ")".repeat(9) + "}";
        var many = MAPPER.createArrayNode();
        for (int i = 0; i < 101; i++) {
            many.add(spec("${uuid}", "string"));
        }

        assertThat(fields.compile(spec(longest, "string"), "c").expression()).isNotNull();
        assertThatThrownBy(() -> fields.compile(spec(longest + "x", "string"), "c"))
                .hasMessageContaining("is refused: is longer than 1000 characters");
        assertThat(fields.compile(spec(nested8, "string"), "c").expression()).isNotNull();
        assertThatThrownBy(() -> fields.compile(spec(nested9, "string"), "c"))
                .hasMessageContaining("functions are nested deeper than 8");
        assertThatThrownBy(() -> fields.compileAll(many, "computedFields"))
                .isInstanceOf(ComputedFields.Refused.class)
                .hasMessage("computedFields has 101 entries, more than 100");
    }

    @Test
    void shouldRefuseTextThatWouldComeToMoreThanTheComputedSizeBeforeBuildingIt() throws Exception {
        ComputedFields small = new ComputedFields(new TemplateProperties(1000, 8, 100,
                org.springframework.util.unit.DataSize.ofBytes(1024)), Clock.fixed(NOW, ZoneOffset.UTC));
        ObjectNode record = (ObjectNode) MAPPER.readTree("{\"a\": \"" + "y".repeat(600) + "\"}");

        assertThat(small.evaluate(small.compile(spec("${record.a}!", "string"), "c"), record).textValue())
                .hasSize(601);
        for (String repeated : List.of("${record.a}${record.a}", "${concat(record.a, record.a)}",
                "${uppercase(concat(record.a, ' ', record.a))}")) {
            ComputedFields.Field field = small.compile(spec(repeated, "string"), "c");
            assertThatThrownBy(() -> small.evaluate(field, record))
                    .as(repeated)
                    .isInstanceOf(ComputedFields.Unconvertible.class)
                    .hasMessageContaining("comes to more than 1024 characters (migration.templates.max-computed-size)");
        }
    }

    @Test
    void shouldRefuseAFieldWithoutNameExpressionOrAKnownType() {
        assertThatThrownBy(() -> fields.compile(MAPPER.createObjectNode().put("expression", "x"), "c"))
                .hasMessage("c needs a name");
        assertThatThrownBy(() -> fields.compile(MAPPER.createObjectNode().put("name", "n").put("expression", 5), "c"))
                .hasMessage("c needs an expression (text)");
        assertThatThrownBy(() -> fields.compile(spec("x", "tensor"), "c"))
                .hasMessage("c.type must be one of string, number, boolean, date, not 'tensor'");
    }

    @Test
    void shouldEchoARefusedExpressionOnOneLine() {
        assertThatThrownBy(() -> fields.compile(spec("a\n${sysenv.HOME}", "string"), "c"))
                .hasMessageStartingWith("c.expression 'a\\u000a${sysenv.HOME}' is refused: ")
                .hasMessageNotContaining("\n");
    }
}
