package io.contextstore.migration.importing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rejects file: every record an import refuses, exactly as the input had it, in a document of
 * the input's format that imports again once fixed; downloadable by its owner and admins, beside
 * the report for the inbox. H2 and PostgreSQL.
 */
abstract class RejectsScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";
    private static final String LENIENT = "{\"errorHandling\":\"lenient\"}";

    private Reply importWith(Path file, String options) throws Exception {
        return api.upload(API + "/import", OPERATOR_TOKEN, file, Map.of("dataType", "contexts", "options", options));
    }

    private byte[] download(JsonNode result, String token) throws Exception {
        assertThat(result.has("rejects")).as(result.toString()).isTrue();
        Reply reply = api.get(result.get("rejects").get("url").asText(), token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.raw().body();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteRejectedCsvRowsAsTheyArrivedUnderTheHeaderMultiLineRowsWhole() throws Exception {
        String header = "id;title;content\r\n";
        String bad1 = "c-2;;\"two\r\nlines, \"\"quoted\"\"\"\r\n";
        String bad2 = "c-4;;  spaced  \r\n";
        Path file = file("people.csv", header + "c-1;T;one\r\n" + bad1 + "c-3;T;three\r\n" + bad2 + "c-5;T;five");

        Reply reply = importWith(file, LENIENT);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json();
        String id = result.get("operationId").asText();
        assertThat(result.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(result.get("rejects").toString()).isEqualTo("{\"name\":\"people.csv.rejects.csv\",\"records\":2,"
                + "\"omitted\":0,\"url\":\"" + API + "/imports/" + id + "/files/people.csv.rejects.csv\"}");
        byte[] rejects = download(result, OPERATOR_TOKEN);
        assertThat(text(rejects)).isEqualTo(header + bad1 + bad2);
        assertThat(Files.readAllBytes(folders.reports().resolve("people.csv.rejects.csv"))).isEqualTo(rejects);
        assertThat(api.get(result.get("rejects").get("url").asText(), ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(api.get(result.get("rejects").get("url").asText(), VIEWER_TOKEN).status()).isEqualTo(404);
        assertThat(api.get(API + "/imports/" + id + "/files/other.csv", OPERATOR_TOKEN).status()).isEqualTo(404);

        Path fixed = file("people-fixed.csv", text(rejects).replace(";;", ";Fixed;"));
        Reply again = importWith(fixed, LENIENT);
        assertThat(again.json().get("status").asText()).as(again.body()).isEqualTo("completed");
        assertThat(again.json().get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(again.json().has("rejects")).isFalse();
        assertThat(count("contexts")).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT content FROM contexts WHERE id = 'c-2'", String.class))
                .isEqualTo("two\r\nlines, \"quoted\"");
    }

    @Test
    void shouldWriteRejectedNdjsonLinesByteForByteInvalidUtf8Included() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        byte[] broken = {'{', '"', 'i', 'd', '"', ':', '"', 'x', (byte) 0xC3, '"', '}'};
        in.writeBytes("{\"id\":\"c-1\",\"title\":\"T\",\"content\":\"C\"}\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes("{ \"id\" : \"c-2\", \"content\" : \"caf\\u00e9, no title\" }\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(broken);
        in.writeBytes("\n{\"id\":\"c-3\",\"title\":\"T\",\"content\":\"C\"}\nnot json at all".getBytes(StandardCharsets.UTF_8));
        Path file = file("lines.ndjson", in.toByteArray());

        JsonNode result = importWith(file, LENIENT).json();

        assertThat(result.get("failedRecords").asLong()).isEqualTo(3);
        assertThat(result.get("rejects").get("records").asLong()).isEqualTo(3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("{ \"id\" : \"c-2\", \"content\" : \"caf\\u00e9, no title\" }\n".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(broken);
        expected.writeBytes("\nnot json at all\n".getBytes(StandardCharsets.UTF_8));
        assertThat(download(result, OPERATOR_TOKEN)).isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldWriteRejectedJsonRecordsAsSentInAnArrayOrInTheirSections() throws Exception {
        String bad = "{ \"content\": \"no title\",\n    \"id\":\"c-2\" }";
        Path array = file("list.json", "[\n  {\"id\":\"c-1\",\"title\":\"T\",\"content\":\"C\"},\n  " + bad + "\n]\n");

        JsonNode listed = importWith(array, LENIENT).json();

        assertThat(text(download(listed, OPERATOR_TOKEN))).isEqualTo("[\n" + bad + "\n]\n");

        String badSession = "{\"id\":\"s-2\"}";
        Path sectioned = file("both.json", "{\"_meta\":{\"version\":1},\"contexts\":[" + bad + ",{\"id\":\"c-9\",\"title\":\"T\","
                + "\"content\":\"C\"}],\"sessions\":[{\"id\":\"s-1\",\"name\":\"S\",\"userId\":\"u\"}," + badSession + "]}");
        Reply both = api.upload(API + "/import", OPERATOR_TOKEN, sectioned, Map.of("dataType", "auto-detect", "options", LENIENT));

        String rejects = text(download(both.json(), OPERATOR_TOKEN));
        assertThat(rejects).isEqualTo("{\n\"contexts\": [\n" + bad + "\n],\n\"sessions\": [\n" + badSession + "\n]\n}\n");
        assertThat(mapper.readTree(rejects).get("sessions").get(0).get("id").asText()).isEqualTo("s-2");

        Path data = file("data.json", "{\"data\":[{\"id\":\"c-7\",\"title\":\"T\",\"content\":\"C\"}," + bad + "]}");
        Reply auto = api.upload(API + "/import", OPERATOR_TOKEN, data, Map.of("dataType", "auto-detect", "options", LENIENT));
        assertThat(text(download(auto.json(), OPERATOR_TOKEN))).isEqualTo("{\n\"data\": [\n" + bad + "\n]\n}\n");
    }

    @Test
    void shouldWriteRejectedYamlItemsAsTheirLinesInASequenceOrUnderTheirSection() throws Exception {
        String bad = "- id: c-2   # no title\n  content: |\n    two\n    lines\n";
        // characters beyond the BMP before them: SnakeYAML counts them once, Java's strings twice
        Path list = file("list.yaml", "- id: c-1\n  title: T\n  content: \"\uD83D\uDE00\uD83D\uDE80 fine\"\n" + bad
                + "- {id: c-3, content: flow \uD83D\uDE00}\n");

        JsonNode listed = importWith(list, LENIENT).json();

        String rejects = text(download(listed, OPERATOR_TOKEN));
        assertThat(rejects).isEqualTo(bad + "- {id: c-3, content: flow \uD83D\uDE00}\n");
        assertThat(new YAMLMapper().readTree(rejects).get(0).get("content").asText()).isEqualTo("two\nlines\n");

        String section = "contexts:\n  - id: c-5\n    content: none\n";
        Path sectioned = file("sectioned.yaml", section + "sessions:\n  - id: s-1\n    name: S\n    userId: u\n");
        Reply both = api.upload(API + "/import", OPERATOR_TOKEN, sectioned, Map.of("dataType", "auto-detect", "options", LENIENT));

        assertThat(text(download(both.json(), OPERATOR_TOKEN))).isEqualTo(section);
    }

    @Test
    void shouldWriteRejectedXmlItemsAsSentWithinTheDocumentsOwnRoot() throws Exception {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- exported -->\n<m:contexts xmlns:m=\"urn:m\" kind=\"x\">";
        String bad = "<item><id>c-2</id>\n    <content><![CDATA[a < b]]></content></item>";
        Path file = file("items.xml", head + "\n  <item><id>c-1</id><title>T</title><content>C</content></item>\n  " + bad
                + "\n</m:contexts>\n");

        JsonNode result = importWith(file, LENIENT).json();

        String rejects = text(download(result, OPERATOR_TOKEN));
        assertThat(rejects).isEqualTo(head + "\n" + bad + "\n</m:contexts>\n");
        assertThat(new XmlMapper().readTree(rejects).get("item").get("content").asText()).isEqualTo("a < b");
    }

    @Test
    void shouldWriteRejectedMarkdownRecordsUnderTheirHeading() throws Exception {
        String bad = "## c-2\n\n**id:** c-2\n**content:** no title";
        Path file = file("notes.md", "# contexts\n\n## c-1\n\n**id:** c-1\n**title:** T\n**content:** C\n\n" + bad + "\n");

        JsonNode result = importWith(file, LENIENT).json();

        assertThat(text(download(result, OPERATOR_TOKEN))).isEqualTo("# contexts\n\n" + bad + "\n\n");
    }

    @Test
    void shouldZipTheRejectsOfEachEntryOfAZipUnderTheEntrysName() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a.ndjson", "{\"id\":\"a-1\",\"title\":\"T\",\"content\":\"C\"}\n{\"id\":\"a-2\"}\n");
        entries.put("b.csv", "id,title,content\nb-1,,x\nb-2,T,C\n");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }

        JsonNode result = importWith(file("two.zip", zipped.toByteArray()), LENIENT).json();

        assertThat(result.get("rejects").get("name").asText()).isEqualTo("two.zip.rejects.zip");
        assertThat(result.get("rejects").get("records").asLong()).isEqualTo(2);
        Map<String, String> rejected = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(download(result, OPERATOR_TOKEN)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                rejected.put(e.getName(), text(zip.readAllBytes()));
            }
        }
        assertThat(rejected).containsExactly(Map.entry("a.ndjson", "{\"id\":\"a-2\"}\n"),
                Map.entry("b.csv", "id,title,content\nb-1,,x\n"));
    }

    @Test
    void shouldWriteNoRejectsFileWhenNothingIsRefusedAndTheOneRecordAStrictImportStoppedAt() throws Exception {
        JsonNode clean = importWith(file("clean.ndjson", "{\"id\":\"c-1\",\"title\":\"T\",\"content\":\"C\"}\n"), LENIENT).json();
        assertThat(clean.has("rejects")).isFalse();
        assertThat(folders.reports().resolve("clean.ndjson.rejects.ndjson")).doesNotExist();

        Reply strict = importWith(file("strict one.ndjson", "{\"id\":\"c-2\",\"title\":\"T\",\"content\":\"C\"}\n{\"id\":\"c-3\"}\n"
                + "{\"id\":\"c-4\"}\n"), "{\"errorHandling\":\"strict\"}");
        assertThat(strict.status()).isEqualTo(422);
        assertThat(strict.json().get("rejects").get("url").asText()).endsWith("/files/strict%20one.ndjson.rejects.ndjson");
        assertThat(text(download(strict.json(), OPERATOR_TOKEN))).isEqualTo("{\"id\":\"c-3\"}\n");
        assertThat(folders.reports()).isDirectoryNotContaining("glob:**/.*.tmp");
    }

    @Test
    void shouldWriteTheRejectsOfAnInboxFileBesideItsReport() throws Exception {
        Path options = Files.writeString(folders.inbox().resolve("contexts").resolve(".options.yaml"), "errorHandling: lenient\n");
        try {
            drop("contexts", "dropped.csv", "id,title,content\nc-1,T,C\n\"c-2\",,\"x\"\n".getBytes(StandardCharsets.UTF_8));
            Path report = folders.reports().resolve("dropped.csv.report.json");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));

            assertThat(mapper.readTree(report.toFile()).get("rejects").get("name").asText()).isEqualTo("dropped.csv.rejects.csv");
            assertThat(Files.readString(folders.reports().resolve("dropped.csv.rejects.csv")))
                    .isEqualTo("id,title,content\n\"c-2\",,\"x\"\n");
        } finally {
            Files.deleteIfExists(options);
        }
    }
}
