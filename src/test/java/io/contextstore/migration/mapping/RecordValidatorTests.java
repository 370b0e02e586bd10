package io.contextstore.migration.mapping;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.TemplateProperties;
import io.contextstore.migration.format.ExactNumbers;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.record.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RecordValidator#check}: the rules of each field, with {@code validateSchema} (strict) and
 * without it (lossless coercion), and the canonical record it gives.
 */
class RecordValidatorTests {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(ExactNumbers.module());
    private static final String VALID = "{\"id\":\"ctx-1\",\"title\":\"T\",\"content\":\"C\",\"createdAt\":\"2024-01-01T00:00:00Z\"";

    private final RecordValidator validator = new RecordValidator(
            new ComputedFields(new TemplateProperties(1000, 8, 100, null)));
    private final List<ValidationError> problems = new ArrayList<>();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A valid context with these fields added (a JSON object's members without braces). */
    private static ObjectNode context(String more) {
        return json(VALID + (more.isEmpty() ? "" : "," + more) + "}");
    }

    private ObjectNode check(DataType type, ObjectNode input, boolean strict) {
        return validator.check(type, 7, input, strict, problems);
    }

    private static ValidationError error(String field, String rule, String message) {
        return new ValidationError(7, field, rule, message);
    }

    @Test
    void shouldGiveAValidContextInCanonicalFormWithTheDefaultType() {
        ObjectNode out = check(DataType.CONTEXTS, context("\"tags\":[\"a\"],\"metadata\":{\"importance\":\"high\",\"x\":1.50}"),
                true);

        assertThat(problems).isEmpty();
        assertThat(out.toString()).isEqualTo("{\"id\":\"ctx-1\",\"title\":\"T\",\"content\":\"C\",\"type\":\"general\","
                + "\"tags\":[\"a\"],\"createdAt\":\"2024-01-01T00:00:00Z\",\"metadata\":{\"importance\":\"high\",\"x\":1.50}}");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRequireIdTitleAndContentInEitherMode(boolean strict) {
        ObjectNode out = check(DataType.CONTEXTS, json("{\"title\":null}"), strict);

        assertThat(problems).containsExactly(
                error("id", "required", "id is required"),
                error("title", "required", "title is required"),
                error("content", "required", "content is required"));
        assertThat(out.has("id")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\\t"})
    void shouldRefuseABlankId(String id) {
        check(DataType.SESSIONS, json("{\"id\":\"" + id + "\",\"name\":\"N\"}"), false);

        assertThat(problems).containsExactly(error("id", "required", "id must not be empty"));
    }

    @Test
    void shouldRefuseAValueLongerThanItsFieldsMaxLength() {
        ObjectNode out = check(DataType.CONTEXTS, json("{\"id\":\"" + "i".repeat(255) + "\",\"title\":\"T\",\"content\":\"C\","
                + "\"type\":\"" + "t".repeat(101) + "\",\"sessionId\":\"" + "s".repeat(256) + "\"}"), true);

        assertThat(problems).containsExactly(
                error("type", "maxLength", "type is longer than 100 characters"),
                error("sessionId", "maxLength", "sessionId is longer than 255 characters"));
        assertThat(out.get("id").asText()).hasSize(255);
        assertThat(out.has("type")).isFalse();
    }

    @Test
    void shouldCountMaxLengthInCharactersNotBytes() {
        check(DataType.TEMPLATES, json("{\"id\":\"t\",\"name\":\"N\",\"version\":\"" + "é".repeat(50) + "\"}"), true);

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "2024-03-10T12:30:45.1234567+02:00, 2024-03-10T10:30:45.123456Z",
            "2024-03-10T12:30:45Z, 2024-03-10T12:30:45Z",
            "2024-03-10T00:00:00.5-05:30, 2024-03-10T05:30:00.500Z",
            "2024-12-31T23:59:59.999999999-01:00, 2025-01-01T00:59:59.999999Z"})
    void shouldNormaliseDatesToUtcMicroseconds(String given, String canonical) {
        ObjectNode out = check(DataType.SESSIONS, json("{\"id\":\"s\",\"name\":\"N\",\"createdAt\":\"" + given
                + "\",\"updatedAt\":\"" + given + "\"}"), true);

        assertThat(problems).isEmpty();
        assertThat(out.get("createdAt").asText()).isEqualTo(canonical);
        assertThat(out.get("updatedAt").asText()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRefuseADateWithoutOffsetOrNotTextInEitherMode(boolean strict) {
        check(DataType.SESSIONS, json("{\"id\":\"s\",\"name\":\"N\",\"createdAt\":\"2024-01-01T00:00:00\","
                + "\"updatedAt\":1704067200}"), strict);

        assertThat(problems).containsExactly(
                error("createdAt", "format", "createdAt is not an ISO-8601 date-time with offset: '2024-01-01T00:00:00'"),
                error("updatedAt", "type", "updatedAt must be an ISO-8601 date-time string, not number"));
    }

    @Test
    void shouldSetAMissingCreatedAtToNowInMicroseconds() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        ObjectNode out = check(DataType.SESSIONS, json("{\"id\":\"s\",\"name\":\"N\",\"createdAt\":null}"), true);

        Instant createdAt = Instant.parse(out.get("createdAt").asText());
        assertThat(problems).isEmpty();
        assertThat(createdAt).isBetween(before, Instant.now());
        assertThat(createdAt.getNano() % 1000).isZero();
        assertThat(out.has("updatedAt")).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownFieldOnlyWithValidateSchema() {
        ObjectNode input = context("\"colour\":\"red\",\"Title\":\"x\"");

        ObjectNode lenient = check(DataType.CONTEXTS, input, false);
        assertThat(problems).isEmpty();
        assertThat(lenient.has("colour")).isFalse();
        assertThat(lenient.has("Title")).isFalse();

        check(DataType.CONTEXTS, input, true);
        assertThat(problems).containsExactly(
                error("colour", "unknown", "'colour' is not a field of contexts"),
                error("Title", "unknown", "'Title' is not a field of contexts"));
    }

    @Test
    void shouldRefuseAFieldOfAnotherTypeAsUnknown() {
        check(DataType.SESSIONS, json("{\"id\":\"s\",\"name\":\"N\",\"title\":\"T\"}"), true);

        assertThat(problems).containsExactly(error("title", "unknown", "'title' is not a field of sessions"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"urgent\"|\"urgent\"",
            "\"HIGH\"|\"HIGH\"",
            "3|3",
            "[\"high\"]|[\"high\"]"})
    void shouldRefuseAnImportanceOutsideTheEnumInEitherMode(String importance, String shown) {
        for (boolean strict : new boolean[] {true, false}) {
            problems.clear();

            check(DataType.CONTEXTS, context("\"metadata\":{\"importance\":" + importance + "}"), strict);

            assertThat(problems).containsExactly(error("metadata.importance", "enum",
                    "metadata.importance must be one of [low, medium, high, critical], not " + shown));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"low", "medium", "high", "critical"})
    void shouldTakeEachImportanceOfTheEnum(String importance) {
        ObjectNode out = check(DataType.CONTEXTS, context("\"metadata\":{\"importance\":\"" + importance + "\"}"), true);

        assertThat(problems).isEmpty();
        assertThat(out.path("metadata").path("importance").asText()).isEqualTo(importance);
    }

    @Test
    void shouldTakeANullImportance() {
        ObjectNode out = check(DataType.CONTEXTS, context("\"metadata\":{\"importance\":null}"), true);

        assertThat(problems).isEmpty();
        assertThat(out.get("metadata").toString()).isEqualTo("{\"importance\":null}");
    }

    @Test
    void shouldCoerceScalarsToTextWithoutValidateSchema() {
        ObjectNode out = check(DataType.CONTEXTS, json("{\"id\":12,\"title\":1.50,\"content\":true,\"type\":-0.0,"
                + "\"tags\":[1,false,\"x\",1E+400],\"metadata\":{\"source\":1.50,\"other\":2}}"), false);

        assertThat(problems).isEmpty();
        assertThat(out.get("id").textValue()).isEqualTo("12");
        assertThat(out.get("title").textValue()).isEqualTo("1.50");
        assertThat(out.get("content").textValue()).isEqualTo("true");
        assertThat(out.get("type").textValue()).isEqualTo("-0.0");
        assertThat(out.get("tags").toString()).isEqualTo("[\"1\",\"false\",\"x\",\"1E+400\"]");
        // only source is text by definition; other metadata keeps its type
        assertThat(out.get("metadata").toString()).isEqualTo("{\"source\":\"1.50\",\"other\":2}");
    }

    @Test
    void shouldRefuseNonTextWithValidateSchema() {
        check(DataType.CONTEXTS, json("{\"id\":12,\"title\":\"T\",\"content\":true,\"tags\":[\"x\",1],"
                + "\"metadata\":{\"source\":1}}"), true);

        assertThat(problems).containsExactly(
                error("id", "type", "id must be a string, not number"),
                error("content", "type", "content must be a string, not boolean"),
                error("tags[1]", "type", "tags[1] must be a string, not number"),
                error("metadata.source", "type", "metadata.source must be a string, not number"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRefuseWhatNoCoercionMakesTextInEitherMode(boolean strict) {
        check(DataType.CONTEXTS, json("{\"id\":\"c\",\"title\":{\"a\":1},\"content\":[\"C\"],\"tags\":\"a,b\","
                + "\"metadata\":\"high\",\"attachments\":{}}"), strict);

        assertThat(problems).containsExactly(
                error("title", "type", "title must be a string, not object"),
                error("content", "type", "content must be a string, not array"),
                error("tags", "type", "tags must be a list of strings, not string"),
                error("metadata", "type", "metadata must be an object, not string"),
                error("attachments", "type", "attachments must be a list, not object"));
    }

    @Test
    void shouldRefuseANullTagEvenWithoutValidateSchema() {
        check(DataType.CONTEXTS, context("\"tags\":[\"a\",null,{}]"), false);

        assertThat(problems).containsExactly(
                error("tags[1]", "type", "tags[1] must be a string, not null"),
                error("tags[2]", "type", "tags[2] must be a string, not object"));
    }

    @Test
    void shouldKeepAnExplicitNullMetadataOrAttachmentsAndLeaveAbsentOnesOut() {
        ObjectNode nulls = check(DataType.CONTEXTS, context("\"metadata\":null,\"attachments\":null,\"sessionId\":null"),
                true);
        ObjectNode absent = check(DataType.CONTEXTS, context(""), true);

        assertThat(problems).isEmpty();
        assertThat(nulls.has("metadata")).isTrue();
        assertThat(nulls.get("metadata").isNull()).isTrue();
        assertThat(nulls.get("attachments").isNull()).isTrue();
        assertThat(nulls.has("sessionId")).isFalse();
        assertThat(absent.has("metadata")).isFalse();
        assertThat(absent.has("attachments")).isFalse();
    }

    @Test
    void shouldCheckAttachmentsBase64OnlyWithValidateSchema() {
        ObjectNode input = context("\"attachments\":[{\"name\":\"a.bin\",\"contentType\":\"x/y\",\"data\":\"AAEC/w==\"},"
                + "{\"name\":\"b.bin\",\"data\":\"not base64!\"}]");

        ObjectNode lenient = check(DataType.CONTEXTS, input, false);
        assertThat(problems).isEmpty();
        assertThat(lenient.get("attachments")).isEqualTo(input.get("attachments"));

        check(DataType.CONTEXTS, input, true);
        assertThat(problems).containsExactly(
                error("attachments[1].data", "format", "attachments[1].data is not valid base64"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRequireAnAttachmentsNameAndTextDataInEitherMode(boolean strict) {
        check(DataType.CONTEXTS, context("\"attachments\":[\"a.bin\",{\"data\":\"AA==\"},{\"name\":\"c\",\"data\":42},"
                + "{\"name\":\"d\",\"data\":null}]"), strict);

        assertThat(problems).containsExactly(
                error("attachments[0]", "type", "attachments[0] must be an object with name, contentType and data"),
                error("attachments[1].name", "required", "attachments[1].name is required"),
                error("attachments[2].data", "type", "attachments[2].data must be a base64 string"));
    }

    @Test
    void shouldCheckATemplatesSchemaFieldsOnlyWithValidateSchema() {
        ObjectNode template = json("{\"id\":\"t\",\"name\":\"N\",\"schema\":{\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"type\":\"date\"},{\"name\":\"c\",\"type\":\"integer\"}]}}");

        check(DataType.TEMPLATES, template, false);
        assertThat(problems).isEmpty();

        check(DataType.TEMPLATES, template, true);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).isEqualTo(error("schema.fields[1].name", "required", "schema.fields[1] needs a name"));
        assertThat(problems.get(1).field()).isEqualTo("schema.fields[2].type");
        assertThat(problems.get(1).rule()).isEqualTo("enum");
        assertThat(problems.get(1).message()).startsWith("schema.fields[2].type must be one of [")
                .contains("string", "number", "boolean", "date", "array", "object");
    }

    @Test
    void shouldListTheTemplateFieldTypesInTheOrderOfTheSpec() {
        check(DataType.TEMPLATES, json("{\"id\":\"t\",\"name\":\"N\",\"schema\":{\"fields\":[{\"name\":\"c\",\"type\":\"integer\"}]}}"),
                true);

        assertThat(problems).containsExactly(error("schema.fields[0].type", "enum",
                "schema.fields[0].type must be one of [string, number, boolean, date, array, object]"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRefuseAComputedFieldOfAnUnknownTypeInEitherMode(boolean strict) {
        check(DataType.TEMPLATES, json("{\"id\":\"t\",\"name\":\"N\",\"transformation\":{\"computedFields\":["
                + "{\"name\":\"a\",\"expression\":\"${body[title]}\",\"type\":\"integer\"}]}}"), strict);

        assertThat(problems).containsExactly(error("transformation.computedFields[0].type", "enum",
                "transformation.computedFields[0].type must be one of string, number, boolean, date, not 'integer'"));
    }

    @Test
    void shouldReportTheRecordPositionItWasGiven() {
        validator.check(DataType.SESSIONS, 123_456L, json("{\"name\":\"N\"}"), true, problems);

        assertThat(problems).containsExactly(new ValidationError(123_456L, "id", "required", "id is required"));
    }
}
