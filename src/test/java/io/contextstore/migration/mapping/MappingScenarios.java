package io.contextstore.migration.mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Field mappings and transformations on import, as users write them; run on H2 and PostgreSQL. */
abstract class MappingScenarios extends ScenarioSupport {

    /** transformation (as JSON), the source value (JSON), the stored value (JSON). */
    static Stream<Arguments> transformations() {
        return Stream.of(
                Arguments.of("{\"transformation\":\"trim\"}", "\"  padded  \"", "\"padded\""),
                Arguments.of("{\"transformation\":\"lowercase\"}", "\"MiXeD Ünï\"", "\"mixed ünï\""),
                Arguments.of("{\"transformation\":\"uppercase\"}", "\"MiXeD ünï\"", "\"MIXED ÜNÏ\""),
                Arguments.of("{\"transformation\":\"splitAndTrim\"}", "\" a, b ,,c \"", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("{\"transformation\":\"parseDate\",\"pattern\":\"dd.MM.yyyy HH:mm\",\"zone\":\"Europe/Berlin\"}",
                        "\"31.12.2023 23:30\"", "\"2023-12-31T22:30:00Z\""),
                Arguments.of("{\"transformation\":\"default\",\"value\":\"fallback\"}", "\"\"", "\"fallback\""),
                Arguments.of("{\"transformation\":\"default\",\"value\":\"fallback\"}", "null", "\"fallback\""),
                Arguments.of("{\"transformation\":\"toNumber\"}", "\" 42 \"", "42"),
                Arguments.of("{\"transformation\":\"toNumber\"}", "\"2.50\"", "2.50"),
                Arguments.of("{\"transformation\":\"toBoolean\"}", "\"Yes\"", "true"),
                Arguments.of("{\"transformation\":\"custom\",\"customFunction\":\"parseOldDateFormat\"}",
                        "\"05/03/2019 14:07\"", "\"2019-03-05T14:07:00Z\""),
                Arguments.of("{\"transformation\":\"custom\",\"customFunction\":\"splitAndTrim\"}", "\"x ,y\"",
                        "[\"x\",\"y\"]"));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("transformations")
    void shouldApplyEachTransformation(String transformation, String value, String expected) throws Exception {
        String spec = transformation.replace("{", "{\"field\":\"metadata.value\",");
        Path file = file("t.ndjson", "{\"id\":\"t1\",\"title\":\"t\",\"content\":\"c\",\"metadata\":{\"value\":" + value
                + "}}\n");

        ImportResult result = importFile(file, "contexts", "{\"mapping\":{\"transformations\":[" + spec + "]}}");

        assertThat(result.status()).as("%s %s", result.errors(), result.validationErrors())
                .isEqualTo(OperationStatus.COMPLETED);
        JsonNode metadata = mapper.readTree(jdbc.queryForObject("SELECT metadata FROM contexts", String.class));
        assertThat(metadata.get("value")).isEqualTo(mapper.readTree(expected));
    }

    @Test
    void shouldRejectAValueATransformationCannotTakeWithTheFieldAndRule() throws Exception {
        Path file = file("n.ndjson", "{\"id\":\"n1\",\"title\":\"t\",\"content\":\"c\",\"metadata\":{\"n\":\"12\"}}\n"
                + "{\"id\":\"n2\",\"title\":\"t\",\"content\":\"c\",\"metadata\":{\"n\":\"twelve\"}}\n");

        ImportResult result = importFile(file, "contexts", Map.of("errorHandling", "lenient", "mapping",
                Map.of("transformations", List.of(Map.of("field", "metadata.n", "transformation", "toNumber")))));

        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(result.validationErrors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("metadata.n");
            assertThat(e.rule()).isEqualTo("transformation");
            assertThat(e.message()).contains("'twelve' is not a number");
        });
    }

    @Test
    void shouldRefuseAnUnknownTransformationBeforeReadingAnyRecord() throws Exception {
        Path file = file("u.ndjson", "{\"id\":\"u1\",\"title\":\"t\",\"content\":\"c\"}\n");

        ImportResult unknown = importFile(file, "contexts", "{\"mapping\":{\"transformations\":"
                + "[{\"field\":\"title\",\"transformation\":\"reverse\"}]}}");
        ImportResult unknownCustom = importFile(file, "contexts", "{\"mapping\":{\"transformations\":"
                + "[{\"field\":\"title\",\"transformation\":\"custom\",\"customFunction\":\"nope\"}]}}");

        for (ImportResult result : List.of(unknown, unknownCustom)) {
            assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
            assertThat(result.failure()).isEqualTo(ImportResult.FailureKind.INVALID_OPTIONS);
            assertThat(result.totalRecords()).isZero();
        }
        assertThat(unknown.message()).contains("'reverse' is unknown");
        assertThat(unknownCustom.message()).contains("'nope' is unknown", "parseOldDateFormat");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldMapBeforeValidatingSoTheMappedRecordIsWhatIsChecked() throws Exception {
        Path file = file("legacy.ndjson",
                "{\"legacy_id\":\"m1\",\"legacy_title\":\"  Hello \",\"legacy_body\":\"b\",\"legacy\":{\"meta\":{\"prio\":\"high\"}}}\n"
                + "{\"legacy_id\":\"m2\",\"legacy_title\":\"x\",\"legacy_body\":\"b\",\"legacy\":{\"meta\":{\"prio\":\"urgent\"}}}\n");
        Map<String, Object> mapping = Map.of("fieldMappings", Map.of("legacy_id", "id", "legacy_title", "title",
                        "legacy_body", "content", "legacy.meta.prio", "metadata.importance"),
                "transformations", List.of(Map.of("field", "title", "transformation", "trim")));

        ImportResult result = importFile(file, "contexts", Map.of("errorHandling", "lenient", "mapping", mapping));

        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT title, importance FROM contexts WHERE id = 'm1'"))
                .containsEntry("title", "Hello").containsEntry("importance", "high");
        assertThat(result.validationErrors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("metadata.importance");
            assertThat(e.rule()).isEqualTo("enum");
        });
    }

    @Test
    void shouldImportTheGuidesLegacyCsvWithItsMapping() throws Exception {
        Path csv = file("legacy-export.csv", "old_id,old_name,old_description,old_type,old_created\r\n"
                + "L-1,First note,\"Body, with comma\",NOTE,05/03/2019 14:07\r\n"
                + "L-2,Second,\"Two\r\nlines\",Analysis,31/12/2020 23:59\r\n"
                + "L-3,Third,Body,Research,not a date\r\n");
        // the guide's options, as written there
        String options = """
                {"format": "csv", "validateSchema": true, "skipDuplicates": true, "batchSize": 25, "dryRun": false,
                 "errorHandling": "lenient",
                 "mapping": {
                   "fieldMappings": {"old_id": "id", "old_name": "title", "old_description": "content",
                                     "old_type": "type", "old_created": "createdAt"},
                   "transformations": [
                     {"field": "createdAt", "transformation": "custom", "customFunction": "parseOldDateFormat"},
                     {"field": "type", "transformation": "lowercase"}]}}""";

        ImportResult result = importFile(csv, "contexts", options);

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(result.successfulRecords()).isEqualTo(2);
        assertThat(dump("contexts")).extracting(r -> r.get("id") + "|" + r.get("title") + "|" + r.get("content") + "|"
                + r.get("type")).containsExactly("L-1|First note|Body, with comma|note", "L-2|Second|Two\r\nlines|analysis");
        assertThat(jdbc.queryForList("SELECT created_at FROM contexts ORDER BY id", java.time.OffsetDateTime.class))
                .extracting(t -> t.toInstant().toString())
                .containsExactly("2019-03-05T14:07:00Z", "2020-12-31T23:59:00Z");
        assertThat(result.validationErrors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(3);
            assertThat(e.field()).isEqualTo("createdAt");
            assertThat(e.message()).contains("not a dd/MM/yyyy");
        });
    }

    private void template(String json) throws Exception {
        ImportResult stored = importFile(file("template.ndjson", json.replace("\n", " ") + "\n"), "templates", null);
        assertThat(stored.status()).as("%s", stored.validationErrors()).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void shouldImportWithATemplateItsMappingComputedFieldsAndSchemaCheckedPerField() throws Exception {
        template("""
                {"id": "crm", "name": "CRM notes", "version": "1",
                 "schema": {"type": "context", "fields": [
                   {"name": "id", "type": "string", "required": true},
                   {"name": "tags", "type": "array"},
                   {"name": "metadata.score", "type": "number", "required": true},
                   {"name": "metadata.importedAt", "type": "date", "required": true}]},
                 "transformation": {"mapping": {"key": "id", "headline": "title", "body": "content"},
                   "computedFields": [{"name": "metadata.importedAt", "expression": "${date:now}", "type": "date"}]}}""");
        Path file = file("crm.ndjson", """
                {"key": "c1", "headline": "Hello", "body": "b", "tags": ["a"], "metadata": {"score": 7}}
                {"key": "c2", "headline": "No score", "body": "b"}
                {"key": "c3", "headline": "Bad types", "body": "b", "tags": "a", "metadata": {"score": "high"}}
                """);

        ImportResult result = importFile(file, "contexts", Map.of("templateId", "crm", "errorHandling", "lenient"));

        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT title FROM contexts WHERE id = 'c1'", String.class)).isEqualTo("Hello");
        JsonNode metadata = mapper.readTree(jdbc.queryForObject("SELECT metadata FROM contexts", String.class));
        assertThat(java.time.Instant.parse(metadata.get("importedAt").asText()))
                .isBetween(result.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), result.completedAt());
        assertThat(result.validationErrors()).extracting(e -> e.record() + " " + e.field() + " " + e.rule())
                .containsExactlyInAnyOrder("2 metadata.score required", "3 tags type", "3 metadata.score type");
    }

    @Test
    void shouldExportWithATemplateSelectingRenamingAndComputingFields() throws Exception {
        template("""
                {"id": "brief", "name": "Brief",
                 "transformation": {"mapping": {"id": "key", "title": "headline", "metadata.importance": "priority"},
                   "computedFields": [{"name": "exportedBy", "expression": "migration ${date:now:yyyy}", "type": "string"}]}}""");
        file("c.ndjson", "{\"id\":\"e1\",\"title\":\"T\",\"content\":\"long\",\"metadata\":{\"importance\":\"high\"}}\n");
        importFile(work.resolve("c.ndjson"), "contexts", null);
        String year = String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue());

        var json = export("contexts", Map.of("format", "ndjson", "templateId", "brief"));
        var csv = export("contexts", Map.of("format", "csv", "templateId", "brief"));

        assertThat(readRecords(exported(json))).singleElement().isEqualTo(mapper.readTree(
                "{\"key\":\"e1\",\"headline\":\"T\",\"priority\":\"high\",\"exportedBy\":\"migration " + year + "\"}"));
        assertThat(java.nio.file.Files.readString(exported(csv))).isEqualTo(
                "key,headline,priority,exportedBy\r\ne1,T,high,migration " + year + "\r\n");
    }

    @Test
    void shouldRefuseTemplatesWhoseExpressionsCouldCallCode() throws Exception {
        String transformation = """
                {"computedFields": [
                  {"name": "metadata.x", "expression": "${bean:jdbcTemplate.execute('DROP TABLE contexts')}", "type": "string"}]}""";
        ImportResult imported = importFile(file("template.ndjson", ("{\"id\": \"evil\", \"name\": \"Evil\", "
                + "\"transformation\": " + transformation + "}").replace("\n", " ") + "\n"), "templates", null);
        // as a template stored before its expressions were checked
        jdbc.update("INSERT INTO templates (id, name, transformation, created_at) VALUES ('evil', 'Evil', ?, ?)",
                transformation, java.sql.Timestamp.from(java.time.Instant.now()));
        Path file = file("x.ndjson", "{\"id\":\"x1\",\"title\":\"t\",\"content\":\"c\"}\n");

        ImportResult result = importFile(file, "contexts", Map.of("templateId", "evil"));
        ImportResult missing = importFile(file, "contexts", Map.of("templateId", "nope"));

        assertThat(imported.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(imported.validationErrors()).extracting(e -> e.field() + " " + e.rule())
                .containsExactly("transformation.computedFields[0].expression expression");
        assertThat(result.failure()).isEqualTo(ImportResult.FailureKind.INVALID_OPTIONS);
        assertThat(result.message()).contains("may use only");
        assertThat(missing.message()).contains("template 'nope' does not exist");
        assertThat(count("contexts")).isZero();
        assertThat(export("contexts", Map.of("templateId", "evil")).status()).isEqualTo(OperationStatus.FAILED);
    }
}
