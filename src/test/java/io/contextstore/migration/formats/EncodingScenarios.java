package io.contextstore.migration.formats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.RecordError;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text as legacy systems write it (Windows-1252, ISO-8859-1, UTF-16 and UTF-32) and bytes or
 * escapes that are no text the store can keep; run on H2 and PostgreSQL.
 */
abstract class EncodingScenarios extends ScenarioSupport {

    private static final String LEGACY = "„quotes“ café €";
    private static final String CSV = "id,title,content,createdAt\r\nw-1,\"" + LEGACY
            + "\",Grüße,2024-01-01T00:00:00Z\r\nw-2,naïve,œuvre – fin,2024-01-02T00:00:00Z\r\n";
    private static final String GOOD = "{\"id\":\"g-1\",\"title\":\"good\",\"content\":\"x\"}";

    @LocalServerPort
    int port;

    @Test
    void shouldReadAWindows1252CsvGivenItsEncodingAsItsUtf8TwinIsRead() throws Exception {
        ImportResult utf8 = importFile(file("utf8.csv", CSV), "contexts", null);
        List<Map<String, String>> expected = dump("contexts");
        jdbc.update("DELETE FROM contexts");

        ImportResult legacy = importFile(file("legacy.csv", CSV.getBytes(Charset.forName("windows-1252"))), "contexts",
                Map.of("encoding", "windows-1252"));

        assertThat(utf8.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(legacy.status()).as("%s", legacy.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(legacy.successfulRecords()).isEqualTo(2);
        assertThat(legacy.detected().encoding()).isEqualTo("windows-1252");
        assertThat(legacy.detected().bom()).isFalse();
        assertThat(dump("contexts")).isEqualTo(expected);
        assertThat(title("w-1")).isEqualTo(LEGACY);
    }

    @Test
    void shouldReadIso88591NdjsonGivenItsEncoding() throws Exception {
        byte[] latin1 = ("{\"id\":\"l-1\",\"title\":\"Grüße ÿ\",\"content\":\"x\"}\n" + GOOD + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        ImportResult result = importFile(file("latin1.ndjson", latin1), "contexts", Map.of("encoding", "ISO-8859-1"));

        assertThat(result.status()).as("%s", result.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.successfulRecords()).isEqualTo(2);
        assertThat(result.detected().encoding()).isEqualTo("ISO-8859-1");
        assertThat(title("l-1")).isEqualTo("Grüße ÿ");
    }

    @Test
    void shouldSniffUtf16AndUtf32ByTheirByteOrderMarkWithoutAnOption() throws Exception {
        String json = "[{\"id\":\"u-1\",\"title\":\"é 😀 漢字\",\"content\":\"x\"}]";
        Map<String, byte[]> boms = Map.of(
                "UTF-16LE", new byte[] {(byte) 0xFF, (byte) 0xFE},
                "UTF-16BE", new byte[] {(byte) 0xFE, (byte) 0xFF},
                "UTF-32LE", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
                "UTF-32BE", new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF});

        for (var bom : boms.entrySet()) {
            jdbc.update("DELETE FROM contexts");
            ImportResult result = importFile(file("wide.json", concat(bom.getValue(),
                    json.getBytes(Charset.forName(bom.getKey())))), "contexts", null);

            assertThat(result.status()).as(bom.getKey() + " %s", result.message()).isEqualTo(OperationStatus.COMPLETED);
            assertThat(result.detected().encoding()).isEqualTo(bom.getKey());
            assertThat(result.detected().bom()).isTrue();
            assertThat(result.detected().format()).isEqualTo("json");
            assertThat(title("u-1")).as(bom.getKey()).isEqualTo("é 😀 漢字");
        }
    }

    @Test
    void shouldGiveOffsetsOfTheInputInATranscodedFile() throws Exception {
        String first = "{\"id\":\"o-1\",\"title\":\"café € 😀\",\"content\":\"x\"}\n";
        String second = "[\"not an object\"]\n";
        byte[] wide = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, (first + second).getBytes(StandardCharsets.UTF_16LE));
        String legacyFirst = first.replace(" 😀", "");
        byte[] legacy = (legacyFirst + second).getBytes(Charset.forName("windows-1252"));

        ImportResult fromWide = importFile(file("wide.ndjson", wide), "contexts", Map.of("errorHandling", "lenient"));
        jdbc.update("DELETE FROM contexts");
        ImportResult fromLegacy = importFile(file("legacy.ndjson", legacy), "contexts",
                Map.of("errorHandling", "lenient", "encoding", "windows-1252"));

        assertThat(fromWide.detected().encoding()).isEqualTo("UTF-16LE");
        assertThat(fromWide.successfulRecords()).isEqualTo(1);
        assertThat(fromWide.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.offset()).isEqualTo(2L + 2L * first.length());
        });
        assertThat(fromLegacy.successfulRecords()).isEqualTo(1);
        assertThat(fromLegacy.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.offset()).isEqualTo((long) legacyFirst.length());
        });
    }

    @Test
    void shouldRefuseInvalidUtf8WithoutAnOptionNamingTheEncodingOption() throws Exception {
        byte[] latin1 = "[{\"id\":\"l-1\",\"title\":\"café\",\"content\":\"x\"}]".getBytes(StandardCharsets.ISO_8859_1);

        ImportResult result = importFile(file("latin1.json", latin1), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(result.message()).contains("not valid UTF-8 at byte 25; if the file is in another encoding, give it "
                + "with the encoding option, e.g. windows-1252");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldRefuseBytesInvalidInTheDeclaredCharset() throws Exception {
        byte[] undefined = concat("id,title,content\r\nw-1,a".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0x81}, ",b\r\n".getBytes(StandardCharsets.US_ASCII));

        ImportResult result = importFile(file("undefined.csv", undefined), "contexts",
                Map.of("encoding", "windows-1252", "errorHandling", "lenient"));

        assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(result.message()).contains("not valid windows-1252 at byte 23 (read as windows-1252 as the encoding "
                + "option says)");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldRefuseAnUnknownEncodingAsABadOption() throws Exception {
        Path file = ApiClient.write(work.resolve("ok.json"), "[" + GOOD + "]");

        Reply reply = new ApiClient(port).upload("/api/data-migration/import", OPERATOR_TOKEN, file,
                Map.of("dataType", "contexts", "options", "{\"encoding\":\"klingon-8\"}"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").asText()).isEqualTo("encoding 'klingon-8' is not a charset this service "
                + "knows; use a name such as UTF-8, windows-1252, ISO-8859-1, UTF-16LE or UTF-16BE");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldRefuseOverlongAndSurrogateUtf8AsAFileErrorInJson() throws Exception {
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            byte[] json = concat("[{\"id\":\"b-1\",\"title\":\"a".getBytes(StandardCharsets.US_ASCII), bad,
                    ("\",\"content\":\"x\"}," + GOOD + "]").getBytes(StandardCharsets.US_ASCII));

            ImportResult result = importFile(file("bad.json", json), "contexts", Map.of("errorHandling", "lenient"));

            assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
            assertThat(result.message()).contains("not valid UTF-8 at byte 23");
            assertThat(count("contexts")).isZero();
        }
    }

    @Test
    void shouldRefuseOverlongAndSurrogateUtf8AsARecordErrorInNdjsonAndReadOn() throws Exception {
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            jdbc.update("DELETE FROM contexts");
            byte[] ndjson = concat("{\"id\":\"b-1\",\"title\":\"a".getBytes(StandardCharsets.US_ASCII), bad,
                    ("\",\"content\":\"x\"}\n" + GOOD + "\n").getBytes(StandardCharsets.US_ASCII));

            ImportResult result = importFile(file("bad.ndjson", ndjson), "contexts", Map.of("errorHandling", "lenient"));

            assertThat(result.successfulRecords()).isEqualTo(1);
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(1);
                assertThat(e.error()).startsWith("not valid UTF-8 at byte 22; if the file is in another encoding");
            });
            assertThat(title("g-1")).isEqualTo("good");
            assertThat(count("contexts")).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseALoneSurrogateEscapeNamingTheField() throws Exception {
        String json = "[{\"id\":\"s-1\",\"title\":\"a\\ud800b\",\"content\":\"x\"},"
                + "{\"id\":\"s-2\",\"title\":\"t\",\"content\":\"x\",\"metadata\":{\"note\":[\"ok\",\"\\udc00\"]}},"
                + GOOD + "]";

        ImportResult result = importFile(file("lone.json", json), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(result.errors()).extracting(RecordError::error).containsExactly(
                "validation failed: field 'title': its value holds a lone UTF-16 surrogate (\\ud800), which is no "
                        + "character and cannot be stored or exported (at character 1)",
                "validation failed: field 'metadata.note[1]': its value holds a lone UTF-16 surrogate (\\udc00), which "
                        + "is no character and cannot be stored or exported (at character 0)");
        assertThat(count("contexts")).isEqualTo(1);
    }

    @Test
    void shouldRefuseANulEscapeNamingTheFieldOnEveryStore() throws Exception {
        String ndjson = "{\"id\":\"n-1\",\"title\":\"before\\u0000after\",\"content\":\"x\"}\n" + GOOD + "\n";

        ImportResult result = importFile(file("nul.ndjson", ndjson), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.error()).isEqualTo(
                "validation failed: field 'title': its value holds a NUL character (\\u0000), which the store cannot "
                        + "hold (at character 6)"));
        assertThat(count("contexts")).isEqualTo(1);
    }

    @Test
    void shouldKeepPairedSurrogateEscapesThroughExports() throws Exception {
        String json = "[{\"id\":\"e-1\",\"title\":\"smile \\ud83d\\ude00\",\"content\":\"x\"}]";

        ImportResult result = importFile(file("emoji.json", json), "contexts", null);

        assertThat(result.status()).as("%s", result.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(title("e-1")).isEqualTo("smile 😀");
        assertThat(readRecords(exported(export("contexts", Map.of("format", "json")))).get(0).get("title").asText())
                .isEqualTo("smile 😀");
        for (String format : List.of("xml", "csv", "yaml", "markdown")) {
            Path exported = exported(export("contexts", Map.of("format", format)));
            assertThat(Files.readString(exported, StandardCharsets.UTF_8)).as(format).contains("smile 😀");
        }
    }

    @Test
    void shouldReadXmlInTheCharsetItDeclaresUnlessTheOptionSaysOtherwise() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<data><item><id>x-1</id><title>" + LEGACY
                + "</title><content>c</content></item></data>\n";
        Path file = file("legacy.xml", xml.getBytes(Charset.forName("windows-1252")));

        ImportResult declared = importFile(file, "contexts", null);

        assertThat(declared.status()).as("%s", declared.message()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(declared.detected().encoding()).isEqualTo("windows-1252");
        assertThat(title("x-1")).isEqualTo(LEGACY);

        jdbc.update("DELETE FROM contexts");
        ImportResult overridden = importFile(file, "contexts", Map.of("encoding", "ISO-8859-1"));

        assertThat(overridden.status()).as("%s", overridden.message()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(overridden.detected().encoding()).isEqualTo("ISO-8859-1");
        assertThat(title("x-1")).isEqualTo(new String(LEGACY.getBytes(Charset.forName("windows-1252")),
                StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldReadYamlAndMarkdownThroughTheGivenCharset() throws Exception {
        importFile(file("seed.json", "[{\"id\":\"y-1\",\"title\":\"" + LEGACY + "\",\"content\":\"naïve\"}]"),
                "contexts", null);
        for (String format : List.of("yaml", "markdown")) {
            String written = Files.readString(exported(export("contexts", Map.of("format", format))), StandardCharsets.UTF_8);
            jdbc.update("DELETE FROM contexts");

            ImportResult result = importFile(file("legacy." + (format.equals("yaml") ? "yaml" : "md"),
                    written.getBytes(Charset.forName("windows-1252"))), "contexts", Map.of("encoding", "cp1252"));

            assertThat(result.status()).as(format + " %s", result.message()).isEqualTo(OperationStatus.COMPLETED);
            assertThat(result.detected().encoding()).isEqualTo("windows-1252");
            assertThat(title("y-1")).as(format).isEqualTo(LEGACY);
            assertThat(jdbc.queryForObject("SELECT content FROM contexts WHERE id = 'y-1'", String.class)).isEqualTo("naïve");
        }
    }

    @Test
    void shouldRefuseAByteOrderMarkThatContradictsTheOption() throws Exception {
        byte[] wide = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, ("[" + GOOD + "]").getBytes(StandardCharsets.UTF_16LE));

        ImportResult result = importFile(file("wide.json", wide), "contexts", Map.of("encoding", "windows-1252"));

        assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(result.message()).contains("the file starts with a UTF-16LE byte order mark, but the encoding option "
                + "says windows-1252");
        assertThat(count("contexts")).isZero();
    }

    private String title(String id) {
        return jdbc.queryForObject("SELECT title FROM contexts WHERE id = ?", String.class, id);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
