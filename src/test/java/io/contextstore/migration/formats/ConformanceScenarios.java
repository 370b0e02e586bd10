package io.contextstore.migration.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.contextstore.migration.support.Tools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files as other tools and other people write them, and files written to do harm; run on H2 and
 * PostgreSQL.
 */
abstract class ConformanceScenarios extends ScenarioSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    // plain CSV cannot tell an empty list from none: both are an empty field
    private static final String COMPARED = "id, title, content, type, NULLIF(tags, '[]') AS tags, session_id, created_at, "
            + "updated_at, importance";

    @Test
    void shouldReadTheRfc4180EdgeCases() throws Exception {
        Path csv = file("edge.csv", "\"id\",\"title\",\"content\",\"type\",\"tags\",\"sessionId\",\"createdAt\"\r\n"
                + "c1,\"He said \"\"hi\"\"\",\"first line\r\nsecond line\",note,\"a,b\",,2024-01-01T00:00:00Z\r\n"
                + "c2,plain,content,,,,\r\n"
                + "c3,\"trailing, quoted\",\"\",,\"\",,\r\n");

        ImportResult result = importFile(csv, "contexts", null);

        assertThat(result.status()).as("%s", result.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.totalRecords()).isEqualTo(3);
        Map<String, Object> c1 = jdbc.queryForMap("SELECT * FROM contexts WHERE id = 'c1'");
        assertThat(c1.get("title")).isEqualTo("He said \"hi\"");
        assertThat(c1.get("content")).isEqualTo("first line\r\nsecond line");
        assertThat(c1.get("tags")).isEqualTo("[\"a\",\"b\"]");
        assertThat(c1.get("session_id")).isNull();
        Map<String, Object> c2 = jdbc.queryForMap("SELECT * FROM contexts WHERE id = 'c2'");
        assertThat(c2.get("type")).isEqualTo("general");
        assertThat(c2.get("tags")).isNull();
        Map<String, Object> c3 = jdbc.queryForMap("SELECT * FROM contexts WHERE id = 'c3'");
        assertThat(c3.get("content")).isEqualTo("");
        assertThat(c3.get("tags")).isEqualTo("[]");
    }

    @Test
    void shouldImportAHeaderOnlyCsvAsNoRecords() throws Exception {
        ImportResult result = importFile(file("empty.csv", "id,title,content\r\n"), "contexts", null);

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.totalRecords()).isZero();
    }

    @Test
    void shouldSniffBomLineEndingsAndDelimiterAndSayWhatItFound() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "id;title;content\r\nx1;Grüße;\"a;b\"\r\nx2;zwei;drei\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(body, 0, file, bom.length, body.length);

        ImportResult result = importFile(file("european.csv", file), "contexts", null);

        assertThat(result.status()).as("%s", result.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.detected().format()).isEqualTo("csv");
        assertThat(result.detected().bom()).isTrue();
        assertThat(result.detected().lineEnding()).isEqualTo("CRLF");
        assertThat(result.detected().delimiter()).isEqualTo(";");
        assertThat(result.detected().encoding()).isEqualTo("UTF-8");
        assertThat(result.detected().dataType()).isEqualTo("contexts");
        assertThat(jdbc.queryForObject("SELECT title FROM contexts WHERE id = 'x1'", String.class)).isEqualTo("Grüße");
        assertThat(jdbc.queryForObject("SELECT content FROM contexts WHERE id = 'x1'", String.class)).isEqualTo("a;b");
    }

    @Test
    void shouldReadByContentWhenTheNameSaysNothingOrTheWrongThing() throws Exception {
        ImportResult txt = importFile(file("notes.txt", "[{\"id\":\"j1\",\"title\":\"t\",\"content\":\"c\"}]"),
                "contexts", null);
        ImportResult misnamed = importFile(file("really-xml.csv",
                "<?xml version=\"1.0\"?><data><item><id>x1</id><title>t</title><content>c</content></item></data>"),
                "contexts", null);

        assertThat(txt.detected().format()).isEqualTo("json");
        assertThat(txt.successfulRecords()).isEqualTo(1);
        assertThat(misnamed.detected().format()).isEqualTo("xml");
        assertThat(misnamed.successfulRecords()).isEqualTo(1);
    }

    @Test
    void shouldImportCsvWrittenByPythonsCsvModuleAndXmlFormattedByXmllint() throws Exception {
        List<ObjectNode> records = plain(TestRecords.contexts(300, 9));
        Path ndjson = TestRecords.writeNdjson(work.resolve("reference.ndjson"), records);
        importFile(ndjson, "contexts", null);
        List<Map<String, Object>> reference = jdbc.queryForList("SELECT " + COMPARED + " FROM contexts ORDER BY id");
        var referenceStore = dump("contexts");

        Path csv = run(work.resolve("python.csv"), ndjson, "python3", script(), "csv");
        jdbc.update("DELETE FROM contexts");
        ImportResult fromCsv = importFile(csv, "contexts", null);
        assertThat(fromCsv.status()).as("%s", fromCsv.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(fromCsv.detected().lineEnding()).isEqualTo("CRLF");
        assertThat(jdbc.queryForList("SELECT " + COMPARED + " FROM contexts ORDER BY id")).isEqualTo(reference);

        Path rawXml = run(work.resolve("python.xml"), ndjson, "python3", script(), "xml");
        Path xml = run(work.resolve("formatted.xml"), null, "xmllint", "--format", rawXml.toString());
        assertThat(Files.readString(xml)).startsWith("<?xml version=\"1.0\"?>\n<data>\n  <item>");
        jdbc.update("DELETE FROM contexts");
        ImportResult fromXml = importFile(xml, "contexts", null);
        assertThat(fromXml.status()).as("%s", fromXml.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(dump("contexts")).isEqualTo(referenceStore);
    }

    @Test
    void shouldStopAtAnUnterminatedQuoteAndListRowsWithTooManyFields() throws Exception {
        ImportResult unterminated = importFile(file("open.csv", "id,title,content\nq1,\"never closed,c\nq2,t,c\n"),
                "contexts", null);
        ImportResult wide = importFile(file("wide.csv", "id,title,content\nw1,t,c\nw2,t,c,extra\nw3,t,c\n"),
                "contexts", Map.of("errorHandling", "lenient"));

        assertThat(unterminated.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(unterminated.message()).contains("malformed CSV");
        assertThat(wide.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(wide.errors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.error()).contains("4 fields but the header has 3");
            assertThat(e.data()).isEqualTo("w2,t,c,extra");
        });
        assertThat(count("contexts")).isEqualTo(2);
    }

    @Test
    void shouldNeutraliseFormulasOnlyWhenAskedForSpreadsheetSafeCsv() throws Exception {
        file("f.ndjson", "{\"id\":\"f1\",\"title\":\"=HYPERLINK(\\\"http://evil\\\")\",\"content\":\"@cmd\",\"type\":\"-2+3\"}\n");
        importFile(work.resolve("f.ndjson"), "contexts", null);

        String safe = Files.readString(exported(export("contexts", Map.of("format", "csv", "spreadsheetSafe", true))));
        String plain = Files.readString(exported(export("contexts", Map.of("format", "csv"))));

        assertThat(safe).contains("f1,\"'=HYPERLINK(\"\"http://evil\"\")\",'@cmd,'-2+3,");
        assertThat(plain).contains("f1,\"=HYPERLINK(\"\"http://evil\"\")\",@cmd,-2+3,");
    }

    @Test
    void shouldStopAtARecordLargerThanTheLimitInsteadOfFillingTheHeap() throws Exception {
        String filler = "x".repeat(1024 * 1024);
        StringBuilder csv = new StringBuilder("id,title,content\nq1,t,\"never closed\n");
        StringBuilder md = new StringBuilder("# contexts\n\n## Item 1\n\n**id:** m1\n**content:**\n\n```text\n");
        for (int i = 0; i < 20; i++) {
            csv.append(filler).append('\n');
            md.append(filler).append('\n');
        }

        ImportResult fromCsv = importFile(file("open.csv", csv.toString()), "contexts", null);
        ImportResult fromMarkdown = importFile(file("open.md", md.toString()), "contexts", null);

        for (ImportResult result : List.of(fromCsv, fromMarkdown)) {
            assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
            assertThat(result.message()).contains("larger than 16 MB");
        }
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldRefuseXxeWithoutReadingTheNamedFile() throws Exception {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE data [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<data><item><id>x</id><title>&xxe;</title><content>c</content></item></data>\n";

        JsonNode report = rejected("xxe.xml", xxe);

        assertThat(report.get("message").asText()).contains("DTD");
        assertThat(report.toString()).doesNotContain("root:");
        assertThat(jdbc.queryForList("SELECT result FROM operations", String.class))
                .noneMatch(r -> r != null && r.contains("root:"));
    }

    @Test
    void shouldRefuseEntityExpansionBombs() throws Exception {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            lol.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        lol.append("]>\n<data><item><id>b</id><title>&lol9;</title><content>c</content></item></data>\n");

        assertThat(rejected("laughs.xml", lol.toString()).get("message").asText()).contains("DTD");
    }

    @Test
    void shouldRefuseYamlAliasBombs() throws Exception {
        StringBuilder yaml = new StringBuilder("- id: y1\n  title: t\n  content: c\n  metadata:\n");
        yaml.append("    a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'i'; c++) {
            yaml.append("    ").append(c).append(": &").append(c).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
            previous = c;
        }

        assertThat(rejected("bomb.yaml", yaml.toString()).get("message").asText()).contains("alias");
    }

    @Test
    void shouldRefuseYamlTagsThatNameClasses() throws Exception {
        String yaml = "- !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL "
                + "[\"http://localhost:9/\"]]]]\n";

        assertThat(rejected("tagged.yaml", yaml).get("message").asText())
                .contains("YAML tags are not allowed", "javax.script.ScriptEngineManager");
    }

    @Test
    void shouldImportEveryTypeOfAFileDroppedIntoTheAutoFolder() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("c.ndjson"), TestRecords.contexts(30, 3)), "contexts", null);
        importFile(TestRecords.writeNdjson(work.resolve("s.ndjson"), TestRecords.sessions(4)), "sessions", null);
        importFile(TestRecords.writeNdjson(work.resolve("t.ndjson"), TestRecords.templates(2)), "templates", null);
        var original = dumpStore();
        ExportResult all = export("all", Map.of("format", "yaml", "includeBinaryData", true));
        byte[] content = Files.readAllBytes(exported(all));
        STORE_TABLES.forEach(t -> jdbc.update("DELETE FROM " + t));

        drop("auto", "everything.yaml", content);

        Path report = folders.reports().resolve("everything.yaml.report.json");
        await().atMost(WAIT).until(() -> Files.exists(report));
        JsonNode result = mapper.readTree(report.toFile());
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("dataType").asText()).isEqualTo("all");
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(36);
        assertThat(dumpStore()).isEqualTo(original);
    }

    /** Drops a file into the contexts inbox and returns its error report once it is in error/. */
    private JsonNode rejected(String name, String content) throws Exception {
        drop("contexts", name, content.getBytes(StandardCharsets.UTF_8));
        Path errorReport = folders.error().resolve(name + ".error.json");
        await().atMost(WAIT).until(() -> Files.exists(errorReport) && Files.exists(folders.error().resolve(name)));
        JsonNode report = mapper.readTree(folders.reports().resolve(name + ".report.json").toFile());
        assertThat(report.get("status").asText()).isEqualTo("failed");
        assertThat(count("contexts")).isZero();
        return mapper.readTree(errorReport.toFile());
    }

    /** Values other tools write as they are: no carriage returns (XML parsers normalise them), no commas in tags. */
    private static List<ObjectNode> plain(List<ObjectNode> records) {
        for (ObjectNode r : records) {
            r.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(e.getValue().asText().replace("\r", "")));
                }
            });
            ((ObjectNode) r.get("metadata")).properties().forEach(e -> e.setValue(
                    TextNode.valueOf(e.getValue().asText().replace("\r", ""))));
            ArrayNode tags = (ArrayNode) r.get("tags");
            for (int i = 0; i < tags.size(); i++) {
                tags.set(i, TextNode.valueOf(tags.get(i).asText().replace(", ", "-")));
            }
            r.remove("attachments");
        }
        return records;
    }

    private static String script() {
        return Path.of("src/test/resources/interop/write_with_python.py").toAbsolutePath().toString();
    }

    private static Path run(Path output, Path input, String... command) throws IOException, InterruptedException {
        Tools.require(command[0]);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        int exit = builder.start().waitFor();
        assertThat(exit).as(String.join(" ", command)).isZero();
        return output;
    }
}
