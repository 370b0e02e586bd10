package io.contextstore.migration.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files whose name and content match no format are refused (415 over REST, error/ from the inbox),
 * while content that is clear keeps being read whatever the name; a CSV header that gives none of
 * the fields the data type needs fails the file at once. Real HTTP and the real inbox.
 */
abstract class UnknownFormatScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Reply upload(String call, Path file, String dataType, String options) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("dataType", dataType);
        if (options != null) {
            fields.put("options", options);
        }
        return api.upload(API + call, OPERATOR_TOKEN, file, fields);
    }

    private void assertNoFormat(Reply reply, String fileName) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(415);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("error").asText()).isEqualTo("unsupported_format");
        assertThat(body.get("status").asText()).isEqualTo("failed");
        assertThat(body.get("totalRecords").asLong()).isZero();
        assertThat(body.get("message").asText())
                .startsWith("cannot tell the format of '" + fileName + "'")
                .contains("json (.json)", "ndjson (.ndjson, .jsonl)", "csv (.csv, .tsv)", "xml (.xml)",
                        "yaml (.yaml, .yml)", "markdown (.md, .markdown)", "give the format option");
        assertThat(reply.body()).doesNotContain("Exception", "\tat ", work.toString(), "/tmp/");
    }

    @Test
    void shouldRefuseAFileWhoseNameAndContentAreNoFormatWith415AndRecordTheFailedImport() throws Exception {
        Path unknown = file("data.xyz", "???\n");

        Reply imported = upload("/import", unknown, "contexts", null);
        Reply validated = upload("/validate", unknown, "contexts", null);

        assertNoFormat(imported, "data.xyz");
        assertNoFormat(validated, "data.xyz");
        assertThat(count("contexts")).isZero();
        String operationId = imported.json().get("operationId").asText();
        assertThat(jdbc.queryForObject("SELECT status FROM operations WHERE id = ?", String.class, operationId))
                .isEqualTo("failed");
        assertThat(jdbc.queryForObject("SELECT error_message FROM operations WHERE id = ?", String.class, operationId))
                .startsWith("cannot tell the format of 'data.xyz'");
        assertThat(jdbc.queryForObject("SELECT status FROM audit_log WHERE operation_id = ?", String.class,
                operationId)).isEqualTo("failed");
    }

    @Test
    void shouldRefuseTextWithoutAFormatNameUnlessItsFirstLineIsAHeaderOfKnownColumns() throws Exception {
        Path prose = file("notes.txt", "Dear team, here are the notes\nsee you\n");
        Path table = file("table.txt", "id,title,content\r\nt-1,First,Body\r\nt-2,Second,Body\r\n");
        Path tabs = file("sessions.tsv", "id\tname\r\ns-1,x\tOne\r\n");

        Reply refused = upload("/import", prose, "contexts", null);
        Reply asCsv = upload("/import", table, "contexts", null);
        Reply asTsv = upload("/import", tabs, "sessions", null);
        Reply declared = upload("/import", file("data.xyz", "id,title,content\nd-1,T,C\n"), "contexts",
                "{\"format\":\"csv\"}");

        assertNoFormat(refused, "notes.txt");
        assertThat(asCsv.status()).as(asCsv.body()).isEqualTo(200);
        assertThat(asCsv.json().get("detected").get("format").asText()).isEqualTo("csv");
        assertThat(asCsv.json().get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(asTsv.status()).as(asTsv.body()).isEqualTo(200);
        assertThat(asTsv.json().get("detected").get("delimiter").asText()).isEqualTo("\t");
        assertThat(jdbc.queryForObject("SELECT name FROM sessions WHERE id = 's-1,x'", String.class)).isEqualTo("One");
        assertThat(declared.status()).as(declared.body()).isEqualTo(200);
        assertThat(count("contexts")).isEqualTo(3);
    }

    @Test
    void shouldStillReadClearContentWhateverItsName() throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("json", file("array", "[{\"id\":\"j-1\",\"title\":\"T\",\"content\":\"C\"}]"));
        files.put("ndjson", file("lines", "{\"id\":\"n-1\",\"title\":\"T\",\"content\":\"C\"}\n"
                + "{\"id\":\"n-2\",\"title\":\"T\",\"content\":\"C\"}\n"));
        files.put("xml", file("document", "<data><item><id>x-1</id><title>T</title><content>C</content></item></data>"));
        files.put("yaml", file("list", "- id: y-1\n  title: T\n  content: C\n"));
        files.put("markdown", file("notes", "# contexts\n\n## Item 1\n\n**id:** m-1\n**title:** T\n**content:** C\n"));
        files.put("csv", file("plain", "id,title,content\nc-1,T,C\n"));
        Map<String, Path> misnamed = Map.of(
                "json", file("records.txt", "[{\"id\":\"t-1\",\"title\":\"T\",\"content\":\"C\"}]"),
                "xml", file("export.csv", "<data><item><id>v-1</id><title>T</title><content>C</content></item></data>"));

        for (Map<String, Path> set : java.util.List.of(files, misnamed)) {
            for (Map.Entry<String, Path> e : set.entrySet()) {
                Reply reply = upload("/import", e.getValue(), "contexts", null);
                assertThat(reply.status()).as(e.getValue().getFileName() + ": " + reply.body()).isEqualTo(200);
                assertThat(reply.json().get("status").asText()).isEqualTo("completed");
                assertThat(reply.json().get("detected").get("format").asText()).isEqualTo(e.getKey());
            }
        }
        assertNoFormat(upload("/import", file("unclear", "???"), "contexts", null), "unclear");
        assertThat(count("contexts")).isEqualTo(9);
    }

    @Test
    void shouldFailACsvWhoseHeaderHasNoneOfTheRequiredColumnsNamingThem() throws Exception {
        Reply contexts = upload("/import", file("foreign.csv", "foo,bar\n1,2\n3,4\n"), "contexts",
                "{\"errorHandling\":\"lenient\"}");
        Reply sessions = upload("/import", file("people.csv", "foo\nx\n"), "sessions", null);
        Reply any = upload("/validate", file("mixed.csv", "foo;bar\n1;2\n"), "auto-detect", null);

        assertThat(contexts.status()).as(contexts.body()).isEqualTo(422);
        assertThat(contexts.json().get("message").asText()).startsWith("the CSV header (foo, bar) has none of the "
                + "columns contexts need: id, title, content; name the columns so, or map them with mapping.fieldMappings");
        assertThat(contexts.json().get("failedRecords").asLong()).isZero();
        assertThat(sessions.status()).isEqualTo(422);
        assertThat(sessions.json().get("message").asText()).startsWith("the CSV header (foo) has none of the "
                + "columns sessions need: id, name;");
        assertThat(any.status()).isEqualTo(422);
        assertThat(any.json().get("message").asText()).startsWith("the CSV header (foo, bar) has none of the "
                + "columns contexts, sessions or templates need: id, title, content, name;");
        assertThat(count("contexts")).isZero();
        assertThat(count("sessions")).isZero();
    }

    @Test
    void shouldReadAForeignCsvWhoseMappingMakesTheRequiredFieldsFromItsColumns() throws Exception {
        String header = "old_id,old_name,body\nl-1,Legacy,Text\nl-2,Legacy,Text\n";
        String mapping = "{\"mapping\":{\"fieldMappings\":{\"old_id\":\"id\",\"old_name\":\"title\",\"body\":\"content\"}}}";

        Reply named = upload("/import", file("legacy.csv", header), "contexts", mapping);
        Reply unnamed = upload("/import", file("legacy-export", header.replace("l-", "u-")), "contexts", mapping);
        Reply unmapped = upload("/import", file("legacy-again.csv", header.replace("l-", "w-")), "contexts",
                "{\"mapping\":{\"fieldMappings\":{\"nowhere\":\"id\"}}}");

        assertThat(named.status()).as(named.body()).isEqualTo(200);
        assertThat(named.json().get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(unnamed.status()).as(unnamed.body()).isEqualTo(200);
        assertThat(unnamed.json().get("detected").get("format").asText()).isEqualTo("csv");
        assertThat(jdbc.queryForObject("SELECT title FROM contexts WHERE id = 'u-2'", String.class)).isEqualTo("Legacy");
        assertThat(unmapped.status()).isEqualTo(422);
        assertThat(unmapped.json().get("message").asText())
                .startsWith("the CSV header (old_id, old_name, body) has none of the columns contexts need");
        assertThat(count("contexts")).isEqualTo(4);
    }

    @Test
    void shouldMoveAnInboxFileOfNoFormatOrWithoutRequiredColumnsToErrorSayingWhy() throws Exception {
        drop("contexts", "data.xyz", "???".getBytes());
        drop("sessions", "people.csv", "foo,bar\n1,2\n".getBytes());

        Path noFormat = folders.error().resolve("data.xyz.error.json");
        Path noColumns = folders.error().resolve("people.csv.error.json");
        await().atMost(WAIT).until(() -> Files.exists(noFormat) && Files.exists(folders.error().resolve("data.xyz")));
        await().atMost(WAIT).until(() -> Files.exists(noColumns) && Files.exists(folders.error().resolve("people.csv")));

        assertThat(mapper.readTree(noFormat.toFile()).get("message").asText())
                .startsWith("cannot tell the format of 'data.xyz'").contains("csv (.csv, .tsv)", "give the format option");
        assertThat(mapper.readTree(noColumns.toFile()).get("message").asText())
                .startsWith("the CSV header (foo, bar) has none of the columns sessions need: id, name;");
        assertThat(mapper.readTree(folders.reports().resolve("data.xyz.report.json").toFile())
                .get("status").asText()).isEqualTo("failed");
        assertThat(count("contexts")).isZero();
        assertThat(count("sessions")).isZero();
    }
}
