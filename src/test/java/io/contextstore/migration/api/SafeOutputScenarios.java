package io.contextstore.migration.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches a user is safe: no server path in a result, a report or an error file (how a refusal
 * of the store is told without its SQL is in StoreRefusalsTests: the validator now refuses first
 * whatever either store would), and no header cell of a spreadsheet-safe CSV that a spreadsheet would run as a formula.
 */
abstract class SafeOutputScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";
    /** SQL a driver's message quotes, and an absolute path (after a space, quote or the start). */
    private static final String SQL_OR_PATH = "(?s).*(INSERT|SELECT|COPY |UPDATE |(^|[\\s'\"(])/[A-Za-z]).*";

    @Test
    void shouldSayWhyAFileCouldNotBeWrittenWithoutTheServersPath() throws Exception {
        // given: the outbox is not a folder
        Path outbox = folders.outbox();
        deleteTree(outbox);
        Files.writeString(outbox, "not a folder");
        try {
            // when
            Reply failed = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts"));

            // then
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.json().get("status").asText()).isEqualTo("failed");
            assertThat(failed.json().get("message").asText()).isEqualTo("the export file cannot be written: "
                    + "Not a directory");
            assertThat(failed.body()).doesNotMatch(SQL_OR_PATH).doesNotContain(folders.root().toString());
            String id = failed.json().get("exportId").asText();
            Reply progress = api.get(API + "/operations/history?limit=1", OPERATOR_TOKEN);
            assertThat(progress.json().get(0).get("operationId").asText()).isEqualTo(id);
            assertThat(progress.body()).doesNotMatch(SQL_OR_PATH).doesNotContain(folders.root().toString());
        } finally {
            Files.deleteIfExists(outbox);
            Files.createDirectories(outbox);
        }
    }

    @Test
    void shouldProtectHeaderCellsOfASpreadsheetSafeCsvLikeItsValues() throws Exception {
        // given: a template whose field names, like values, start as formulas would
        Reply template = api.post(API + "/templates", OPERATOR_TOKEN, """
                {"id": "sheet", "name": "Sheet", "transformation": {
                   "mapping": {"id": "id", "title": "=HYPERLINK(\\"http://x\\")"},
                   "computedFields": [{"name": "@SUM(1)", "expression": "+cmd", "type": "string"}]}}""");
        assertThat(template.status()).as(template.body()).isEqualTo(201);
        importFile(file("c.ndjson", "{\"id\":\"c1\",\"title\":\"-1+2\",\"content\":\"x\"}\n"), "contexts", null);

        // when
        Reply safe = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts", "options",
                Map.of("format", "csv", "templateId", "sheet", "spreadsheetSafe", true)));
        Reply plain = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts", "options",
                Map.of("format", "csv", "templateId", "sheet")));

        // then: every cell that starts like a formula, header or value, starts with a quote instead
        assertThat(safe.status()).isEqualTo(200);
        assertThat(Files.readString(folders.outbox().resolve(safe.json().get("files").get(0).get("name").asText()),
                StandardCharsets.UTF_8)).isEqualTo("id,\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(1)\r\n"
                + "c1,'-1+2,'+cmd\r\n");
        assertThat(Files.readString(folders.outbox().resolve(plain.json().get("files").get(0).get("name").asText()),
                StandardCharsets.UTF_8)).isEqualTo("id,\"=HYPERLINK(\"\"http://x\"\")\",@SUM(1)\r\n"
                + "c1,-1+2,+cmd\r\n");
    }

    private static void deleteTree(Path folder) throws java.io.IOException {
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
