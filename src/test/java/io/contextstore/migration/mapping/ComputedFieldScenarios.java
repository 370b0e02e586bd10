package io.contextstore.migration.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Template computed fields over real HTTP and the real store: what they compute from the record on
 * import and export, and that nothing beyond the record, constants and the clock is reachable, whether
 * a template is posted, imported as a record or was stored before expressions were checked this way.
 */
abstract class ComputedFieldScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";

    static Stream<String> refused() {
        return ComputedExpressionTests.refused();
    }

    private static Map<String, Object> template(String id, String expression) {
        return Map.of("id", id, "name", "T " + id, "transformation", Map.of("computedFields",
                List.of(Map.of("name", "metadata.x", "expression", expression, "type", "string"))));
    }

    private void storeDirectly(String id, String expression) throws Exception {
        String transformation = mapper.writeValueAsString(Map.of("computedFields",
                List.of(Map.of("name", "metadata.x", "expression", expression, "type", "string"))));
        jdbc.update("INSERT INTO templates (id, name, transformation, created_at) VALUES (?, ?, ?, ?)", id, "Old " + id,
                transformation, Timestamp.from(Instant.now()));
    }

    private Reply importWith(Path file, String dataType, String options) throws Exception {
        return api.upload(API + "/import", OPERATOR_TOKEN, file, Map.of("dataType", dataType, "options", options));
    }

    private List<Path> outboxFiles() throws Exception {
        try (Stream<Path> files = Files.list(folders.outbox())) {
            return files.toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void shouldRefuseAtCreationWith400NamingTheExpressionAnythingBeyondTheRecord(String expression) throws Exception {
        Reply reply = api.post(API + "/templates", OPERATOR_TOKEN, template("t1", expression));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(reply.json().get("message").asText()).startsWith("the template is not valid: "
                + "transformation.computedFields[0].expression '" + expression + "' is refused: ");
        assertThat(reply.json().get("validationErrors").get(0).get("field").asText())
                .isEqualTo("transformation.computedFields[0].expression");
        assertThat(reply.json().get("validationErrors").get(0).get("rule").asText()).isEqualTo("expression");
        assertThat(count("templates")).isZero();
    }

    @Test
    void shouldNeverPutTheServersHostnameOrAFilesContentIntoAnExport() throws Exception {
        String hostname = Files.readString(Path.of("/etc/hostname")).strip();
        String secret = "s3cret-" + UUID.randomUUID();
        Path secretFile = Files.writeString(work.resolve("secret.txt"), secret);
        importFile(file("c.ndjson", "{\"id\":\"c1\",\"title\":\"t\",\"content\":\"c\"}\n"), "contexts", null);

        Reply created = api.post(API + "/templates", OPERATOR_TOKEN, template("leak", "resource:file:/etc/hostname"));
        storeDirectly("leak", "resource:file:/etc/hostname");
        storeDirectly("leak2", "resource:file:" + secretFile);
        Reply export = api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "ndjson", "templateId", "leak")));
        Reply export2 = api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "json", "templateId", "leak2")));
        Reply imported = importWith(file("d.ndjson", "{\"id\":\"d1\",\"title\":\"t\",\"content\":\"c\"}\n"), "contexts",
                "{\"templateId\":\"leak2\"}");

        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().get("message").asText()).contains("'resource:file:/etc/hostname' is refused: "
                + "starts with 'resource:', a language or resource prefix");
        assertThat(export.status()).isEqualTo(400);
        assertThat(export.json().get("status").asText()).isEqualTo("failed");
        assertThat(export.json().get("message").asText()).startsWith("template 'leak' computedFields[0].expression "
                + "'resource:file:/etc/hostname' is refused: starts with 'resource:'");
        assertThat(export2.status()).isEqualTo(400);
        assertThat(export2.json().get("message").asText()).startsWith("template 'leak2' computedFields[0].expression");
        assertThat(imported.status()).isEqualTo(400);
        assertThat(imported.json().get("status").asText()).isEqualTo("failed");
        assertThat(imported.json().get("message").asText()).startsWith("template 'leak2' computedFields[0].expression");
        for (Reply reply : List.of(created, export, export2, imported)) {
            assertThat(reply.body()).doesNotContain(secret).doesNotContain("\"" + hostname + "\"")
                    .doesNotContain(" " + hostname + " ");
        }
        assertThat(outboxFiles()).isEmpty();
        assertThat(count("contexts")).isEqualTo(1);
        assertThat(dump("operations").toString()).doesNotContain(secret);
        assertThat(dump("audit_log").toString()).doesNotContain(secret);
    }

    @Test
    void shouldRefuseATemplateImportedAsARecordWhoseComputedFieldReachesBeyondTheRecord() throws Exception {
        Path file = file("templates.ndjson", """
                {"id": "good", "name": "Good", "transformation": {"computedFields": [{"name": "at", "expression": "${date:now}"}]}}
                {"id": "evil", "name": "Evil", "transformation": {"computedFields": [{"name": "at", "expression": "${uuid}"}, {"name": "h", "expression": "resource:file:/etc/hostname"}]}}
                """);

        Reply strict = importWith(file, "templates", "{}");
        Reply lenient = importWith(file, "templates", "{\"errorHandling\":\"lenient\",\"validateSchema\":false}");

        assertThat(strict.status()).isEqualTo(422);
        assertThat(strict.json().get("message").asText()).contains("record 2 failed")
                .contains("transformation.computedFields[1].expression 'resource:file:/etc/hostname' is refused");
        assertThat(lenient.status()).isEqualTo(200);
        assertThat(lenient.json().get("successfulRecords").asInt()).isEqualTo(1);
        assertThat(lenient.json().get("failedRecords").asInt()).isEqualTo(1);
        JsonNode problem = lenient.json().get("validationErrors").get(0);
        assertThat(problem.get("record").asInt()).isEqualTo(2);
        assertThat(problem.get("field").asText()).isEqualTo("transformation.computedFields[1].expression");
        assertThat(problem.get("rule").asText()).isEqualTo("expression");
        assertThat(jdbc.queryForList("SELECT id FROM templates", String.class)).containsExactly("good");
    }

    @Test
    void shouldComputeFieldsFromTheImportedRecordAndRejectValuesThatCannotTakeTheirType() throws Exception {
        Reply created = api.post(API + "/templates", OPERATOR_TOKEN, mapper.readTree("""
                {"id": "crm", "name": "CRM", "transformation": {"mapping": {"key": "id"}, "computedFields": [
                  {"name": "metadata.headline", "expression": "${uppercase(trim(record.title))}"},
                  {"name": "metadata.ref", "expression": "${concat(record.id, '@', lowercase(body.metadata.source))}"},
                  {"name": "metadata.score", "expression": "${record.metadata.rawScore}", "type": "number"},
                  {"name": "metadata.importedAt", "expression": "new Date()", "type": "date"},
                  {"name": "metadata.note", "expression": "Note: ${substring(record.content, 0, 4)}…"}]}}"""));
        Path file = file("crm.ndjson", """
                {"key": "r1", "title": "  hello world ", "content": "long content", "metadata": {"source": "CRM", "rawScore": "7"}}
                {"key": "r2", "title": "t", "content": "c", "metadata": {"source": "CRM", "rawScore": "high"}}
                """);
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        Reply imported = importWith(file, "contexts", "{\"templateId\":\"crm\",\"errorHandling\":\"lenient\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("successfulRecords").asInt()).isEqualTo(1);
        JsonNode problem = imported.json().get("validationErrors").get(0);
        assertThat(problem.get("record").asInt()).isEqualTo(2);
        assertThat(problem.get("field").asText()).isEqualTo("metadata.score");
        assertThat(problem.get("rule").asText()).isEqualTo("computed");
        assertThat(problem.get("message").asText())
                .isEqualTo("computed field metadata.score (number): 'high' is not a number (template crm)");
        JsonNode metadata = mapper.readTree(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'r1'",
                String.class));
        assertThat(metadata.get("headline").asText()).isEqualTo("HELLO WORLD");
        assertThat(metadata.get("ref").asText()).isEqualTo("r1@crm");
        assertThat(metadata.get("score").isIntegralNumber()).isTrue();
        assertThat(metadata.get("score").asInt()).isEqualTo(7);
        assertThat(metadata.get("note").asText()).isEqualTo("Note: long…");
        assertThat(Instant.parse(metadata.get("importedAt").asText())).isBetween(before, Instant.now());
        assertThat(count("contexts")).isEqualTo(1);
    }

    @Test
    void shouldComputeExportedFieldsFromTheStoredRecordAndFailAnExportWhoseValueCannotTakeItsType() throws Exception {
        importFile(file("c.ndjson", """
                {"id": "e1", "title": "Quarterly Report", "content": "c", "metadata": {"importance": "high"}}
                {"id": "e2", "title": "Minutes", "content": "c", "metadata": {"importance": "low"}}
                """), "contexts", null);
        api.post(API + "/templates", OPERATOR_TOKEN, mapper.readTree("""
                {"id": "brief", "name": "Brief", "transformation": {"mapping": {"id": "key"}, "computedFields": [
                  {"name": "label", "expression": "${concat(lowercase(body.title), ' (', record.metadata.importance, ')')}"},
                  {"name": "initial", "expression": "${substring(record.title, 0, 1)}"}]}}"""));
        api.post(API + "/templates", OPERATOR_TOKEN, mapper.readTree("""
                {"id": "numeric", "name": "Numeric", "transformation": {"mapping": {"id": "key"}, "computedFields": [
                  {"name": "n", "expression": "${record.title}", "type": "number"}]}}"""));

        Reply export = api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "ndjson", "templateId", "brief")));
        Reply numeric = api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "ndjson", "templateId", "numeric")));

        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(readRecords(folders.outbox().resolve(export.json().get("files").get(0).get("name").asText())))
                .containsExactly(
                        (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                                "{\"key\":\"e1\",\"label\":\"quarterly report (high)\",\"initial\":\"Q\"}"),
                        (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                                "{\"key\":\"e2\",\"label\":\"minutes (low)\",\"initial\":\"M\"}"));
        assertThat(numeric.status()).isEqualTo(400);
        assertThat(numeric.json().get("status").asText()).isEqualTo("failed");
        assertThat(numeric.json().get("message").asText()).isEqualTo(
                "template numeric, record 'e1': computed field n (number): 'Quarterly Report' is not a number");
        assertThat(outboxFiles()).hasSize(1);
    }

    @Test
    void shouldImportWithATemplateStoredBeforeExpressionsWereCheckedOnlyWhenItsExpressionsAreSafe() throws Exception {
        storeDirectly("env", "${sysenv:MIGRATION_KEY}");
        storeDirectly("old", "migrated ${date:now:yyyy}");
        Path file = file("x.ndjson", "{\"id\":\"x1\",\"title\":\"t\",\"content\":\"c\"}\n");

        ImportResult env = importFile(file, "contexts", Map.of("templateId", "env"));
        ImportResult old = importFile(file, "contexts", Map.of("templateId", "old"));

        assertThat(env.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(env.failure()).isEqualTo(ImportResult.FailureKind.INVALID_OPTIONS);
        assertThat(env.message()).startsWith("template 'env' computedFields[0].expression '${sysenv:MIGRATION_KEY}' "
                + "is refused: 'sysenv' is neither a record field");
        assertThat(old.status()).as("%s", old.message()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(mapper.readTree(jdbc.queryForObject("SELECT metadata FROM contexts", String.class)).get("x").asText())
                .isEqualTo("migrated " + java.time.Year.now(java.time.ZoneOffset.UTC));
    }
}
