package io.contextstore.migration.formats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers keep the decimal text they were given, through every format both ways and the store:
 * huge and tiny exponents, 30-digit decimals and integers, negative zero, trailing zeros and
 * exponent spellings, at the top of metadata, nested in objects and in lists.
 */
abstract class NumberScenarios extends ScenarioSupport {

    static final String PI = "3.14159265358979323846264338327950";
    static final String BIG = "123456789012345678901234567890";
    /** As the store keeps it: compact JSON, numbers as written. */
    static final String METADATA = "{\"importance\":\"high\",\"huge\":1.5E+9999,\"tiny\":1.23E-787,\"pi\":" + PI
            + ",\"big\":" + BIG + ",\"negativeZero\":-0.0,\"scaled\":1.50,\"tenth\":0.1,\"exponent\":1e3,"
            + "\"nested\":{\"deep\":{\"pi\":" + PI + ",\"minusZero\":-0}},\"list\":[1.5E+9999,-0.0,1.50," + BIG + "]}";
    static final String RECORD = "{\"id\":\"ctx-numbers\",\"title\":\"Numbers\",\"content\":\"exact\",\"type\":\"note\","
            + "\"createdAt\":\"2024-01-02T03:04:05Z\",\"metadata\":" + METADATA + "}";

    private String storedMetadata() {
        return jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'ctx-numbers'", String.class);
    }

    private void seed() throws Exception {
        ImportResult loaded = importFile(file("numbers.ndjson", RECORD + "\n"), "contexts", null);
        assertThat(loaded.status()).as("%s %s", loaded.errors(), loaded.validationErrors())
                .isEqualTo(OperationStatus.COMPLETED);
        assertThat(loaded.successfulRecords()).isEqualTo(1);
    }

    private Path exportAs(String format) throws Exception {
        ExportResult result = export("contexts", Map.of("format", format));
        assertThat(result.status()).as(result.message()).isEqualTo(OperationStatus.COMPLETED);
        Path copy = work.resolve("out-" + result.files().get(0).name());
        Files.copy(exported(result), copy);
        return copy;
    }

    @Test
    void shouldStoreEveryNumberAsTheJsonTextItWasGiven() throws Exception {
        seed();

        assertThat(storedMetadata()).isEqualTo(METADATA);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "ndjson", "csv", "xml", "yaml", "markdown"})
    void shouldWriteEveryNumberAsWrittenAndReadItBackExactly(String format) throws Exception {
        seed();

        Path file = exportAs(format);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String expected : expectedIn(format)) {
            assertThat(text).as(format).contains(expected);
        }
        assertThat(text).doesNotContain("Infinity").doesNotContain("0.0E").doesNotContain("3.141592653589793,");

        jdbc.update("DELETE FROM contexts");
        ImportResult back = importFile(file, "contexts", null);

        assertThat(back.status()).as("%s %s", back.errors(), back.validationErrors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(back.successfulRecords()).isEqualTo(1);
        assertThat(mapper.readTree(storedMetadata())).isEqualTo(mapper.readTree(METADATA));
        assertThat(storedMetadata()).contains("\"huge\":1.5E+9999", "\"tiny\":1.23E-787", "\"pi\":" + PI,
                "\"big\":" + BIG, "\"negativeZero\":-0.0", "\"scaled\":1.50", "\"tenth\":0.1", "\"exponent\":1e3",
                "\"minusZero\":-0", "[1.5E+9999,-0.0,1.50," + BIG + "]");
        if (!format.equals("csv")) {
            assertThat(storedMetadata()).isEqualTo(METADATA);
        }
    }

    /** How each format spells the numbers: exactly the text the record was imported with. */
    private static List<String> expectedIn(String format) {
        return switch (format) {
            case "json", "ndjson" -> List.of("\"metadata\":" + METADATA);
            case "csv" -> List.of(",1.5E+9999,", ",1.23E-787,", "," + PI + ",", "," + BIG + ",", ",-0.0,",
                    ",1.50,", ",0.1,", ",1e3,", ",-0,", ",\"[1.5E+9999,-0.0,1.50," + BIG + "]\"");
            case "xml" -> List.of("<huge type=\"number\">1.5E+9999</huge>", "<tiny type=\"number\">1.23E-787</tiny>",
                    "<pi type=\"number\">" + PI + "</pi>", "<big type=\"number\">" + BIG + "</big>",
                    "<negativeZero type=\"number\">-0.0</negativeZero>", "<scaled type=\"number\">1.50</scaled>",
                    "<tenth type=\"number\">0.1</tenth>", "<exponent type=\"number\">1e3</exponent>",
                    "<minusZero type=\"number\">-0</minusZero>", "<item type=\"number\">-0.0</item>");
            case "yaml" -> List.of("huge: 1.5E+9999", "tiny: 1.23E-787", "pi: " + PI, "big: " + BIG,
                    "negativeZero: -0.0", "scaled: 1.50", "tenth: 0.1", "exponent: 1e3", "minusZero: -0", "- -0.0");
            case "markdown" -> List.of("\"huge\" : 1.5E+9999", "\"tiny\" : 1.23E-787", "\"pi\" : " + PI,
                    "\"big\" : " + BIG, "\"negativeZero\" : -0.0", "\"scaled\" : 1.50", "\"tenth\" : 0.1",
                    "\"exponent\" : 1e3", "\"minusZero\" : -0");
            default -> throw new IllegalArgumentException(format);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {".inf", "-.inf", ".nan"})
    void shouldRefuseAYamlNumberNoDecimalHoldsNamingTheField(String value) throws Exception {
        Path file = file("infinite.yaml", """
                - id: ctx-infinite
                  title: Infinite
                  content: x
                  metadata:
                    ratio: %s
                - id: ctx-fine
                  title: Fine
                  content: y
                  metadata:
                    ratio: 1.50
                """.formatted(value));

        ImportResult result = importFile(file, "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.failedRecords()).isEqualTo(1);
        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(result.errors().get(0).error())
                .isEqualTo("field 'ratio' is '" + value + "', a number JSON and the store cannot hold "
                        + "(infinity and NaN are refused; numbers are kept as exact decimals)");
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'ctx-fine'", String.class))
                .isEqualTo("{\"ratio\":1.50}");
        assertThat(count("contexts")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheValueOfYamlNumbersJsonCannotSpell() throws Exception {
        Path file = file("spelt.yaml", """
                - id: ctx-spelt
                  title: Spelt
                  content: x
                  metadata: {hex: 0x1F, grouped: 1_000, exponent: 1.0e+3}
                """);

        ImportResult result = importFile(file, "contexts", null);

        assertThat(result.status()).as("%s", result.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'ctx-spelt'", String.class))
                .isEqualTo("{\"hex\":31,\"grouped\":1000,\"exponent\":1.0e+3}");
    }
    @Test
    void shouldTurnTextIntoTheNumberItSpellsWithToNumberAndKeepItAsWritten() throws Exception {
        Path file = file("text.ndjson", "{\"id\":\"ctx-text\",\"title\":\"t\",\"content\":\"c\",\"metadata\":"
                + "{\"huge\":\"1.5E+9999\",\"negativeZero\":\" -0.0 \",\"pi\":\"" + PI + "\",\"exponent\":\"1e3\","
                + "\"scaled\":\"1.50\",\"big\":\"" + BIG + "\"}}\n"
                + "{\"id\":\"ctx-infinity\",\"title\":\"t\",\"content\":\"c\",\"metadata\":{\"huge\":\"Infinity\"}}\n");
        List<Map<String, String>> transformations = List.of("huge", "negativeZero", "pi", "exponent", "scaled", "big")
                .stream().map(f -> Map.of("field", "metadata." + f, "transformation", "toNumber")).toList();

        ImportResult result = importFile(file, "contexts", Map.of("errorHandling", "lenient",
                "mapping", Map.of("transformations", transformations)));

        assertThat(result.successfulRecords()).as("%s", result.validationErrors()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'ctx-text'", String.class))
                .isEqualTo("{\"huge\":1.5E+9999,\"negativeZero\":-0.0,\"pi\":" + PI + ",\"exponent\":1e3,"
                        + "\"scaled\":1.50,\"big\":" + BIG + "}");
        assertThat(result.validationErrors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("metadata.huge");
            assertThat(e.rule()).isEqualTo("transformation");
            assertThat(e.message()).contains("'Infinity' is not a number");
        });
    }

    @Test
    void shouldComputeNumberFieldsAsWritten() throws Exception {
        ImportResult template = importFile(file("template.ndjson", """
                {"id":"numbers","name":"Numbers","transformation":{"computedFields":[\
                {"name":"metadata.fromText","expression":"${record.metadata.text}","type":"number"},\
                {"name":"metadata.fromNumber","expression":"${record.metadata.number}","type":"number"}]}}
                """), "templates", null);
        assertThat(template.successfulRecords()).as("%s %s", template.errors(), template.validationErrors()).isEqualTo(1);
        Path file = file("computed.ndjson", "{\"id\":\"ctx-computed\",\"title\":\"t\",\"content\":\"c\","
                + "\"metadata\":{\"text\":\"-0.0\",\"number\":1.5E+9999}}\n");

        ImportResult result = importFile(file, "contexts", Map.of("templateId", "numbers"));

        assertThat(result.status()).as("%s %s", result.errors(), result.validationErrors())
                .isEqualTo(OperationStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'ctx-computed'", String.class))
                .isEqualTo("{\"text\":\"-0.0\",\"number\":1.5E+9999,\"fromText\":-0.0,\"fromNumber\":1.5E+9999}");
    }
}
