package io.contextstore.migration.formats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Text as legacy systems write it (Windows-1252, ISO-8859-1, UTF-16 and UTF-32) and bytes or
 * escapes that are no text the store can keep; run on H2 and PostgreSQL.
 */
abstract class EncodingScenarios extends ScenarioSupport {

    private static final String LEGACY = "„quotes“ café €";
    private static final String CSV = "id,title,content,createdAt\r\nw-1,\"" + LEGACY
            + "\",Grüße,2024-01-01T00:00:00Z\r\nw-2,naïve,œuvre – fin,2024-01-02T00:00:00Z\r\n";
    private static final String GOOD = "{\"id\":\"g-1\",\"title\":\"good\",\"content\":\"x\"}";

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
    void shouldTellUtf16AndUtf32WithoutAByteOrderMarkByTheirZeroBytesAndSaySo() throws Exception {
        Map<String, String> files = Map.of(
                "wide.json", "[{\"id\":\"z-1\",\"title\":\"é 😀 漢字\",\"content\":\"x\"}]",
                "wide.csv", "id,title,content\nz-1,é 😀 漢字,x\n");

        for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
            for (var file : files.entrySet()) {
                jdbc.update("DELETE FROM contexts");
                ImportResult result = importFile(file(file.getKey(), file.getValue().getBytes(Charset.forName(charset))),
                        "contexts", null);

                String what = charset + " " + file.getKey();
                assertThat(result.status()).as(what + " %s", result.message()).isEqualTo(OperationStatus.COMPLETED);
                assertThat(result.detected().encoding()).as(what).isEqualTo(charset);
                assertThat(result.detected().bom()).as(what).isFalse();
                assertThat(title("z-1")).as(what).isEqualTo("é 😀 漢字");
            }
        }
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

    @Test
    void shouldRefuseOverlongAndSurrogateUtf8AsAFileErrorInCsvXmlYamlAndMarkdown() throws Exception {
        // the bad bytes sit inside the first record's title; the second record is good
        Map<String, String[]> around = new LinkedHashMap<>();
        around.put("bad.csv", new String[] {"id,title,content\r\nb-1,a", ",x\r\ng-1,good,x\r\n", "23"});
        around.put("bad.xml", new String[] {"<data><item><id>b-1</id><title>a", "</title><content>x</content></item>"
                + "<item><id>g-1</id><title>good</title><content>x</content></item></data>\n", "32"});
        around.put("bad.yaml", new String[] {"- id: b-1\n  title: \"a", "\"\n  content: x\n- id: g-1\n  title: good\n"
                + "  content: x\n", "21"});
        around.put("bad.md", new String[] {"# contexts\n\n## Item 1\n\n**id:** b-1\n**title:** a", "\n**content:** x\n\n"
                + "## Item 2\n\n**id:** g-1\n**title:** good\n**content:** x\n", "47"});
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            for (var file : around.entrySet()) {
                String[] parts = file.getValue();
                byte[] content = concat(parts[0].getBytes(StandardCharsets.US_ASCII), bad,
                        parts[1].getBytes(StandardCharsets.US_ASCII));
                String what = file.getKey() + " with " + bad.length + " bad bytes";

                ImportResult result = importFile(file(file.getKey(), content), "contexts", Map.of("errorHandling", "lenient"));

                assertThat(result.status()).as(what).isEqualTo(OperationStatus.FAILED);
                assertThat(result.message()).as(what).isEqualTo("not valid UTF-8 at byte " + parts[2] + "; if the file "
                        + "is in another encoding, give it with the encoding option, e.g. windows-1252; the import was "
                        + "rolled back, nothing was stored");
                assertThat(result.successfulRecords()).as(what).isZero();
                assertThat(result.errors()).as(what).singleElement()
                        .satisfies(e -> assertThat(e.offset()).isEqualTo(Long.parseLong(parts[2])));
                assertThat(count("contexts")).as(what).isZero();
            }
        }
    }

    @Test
    void shouldRefuseNulAndLoneSurrogatesInMetadataKeysNamingTheKeyInNdjsonAndJson() throws Exception {
        String nul = "{\"id\":\"k-1\",\"title\":\"t\",\"content\":\"x\",\"metadata\":{\"a\\u0000b\":1}}";
        String lone = "{\"id\":\"k-2\",\"title\":\"t\",\"content\":\"x\",\"metadata\":{\"\\ud800\":\"x\"}}";
        String nested = "{\"id\":\"k-3\",\"title\":\"t\",\"content\":\"x\",\"metadata\":{\"n\":{\"\\udc00z\":[1]}}}";
        List<String> expected = List.of(
                "validation failed: field 'metadata.a\\u0000b': its name holds a NUL character (\\u0000), which the "
                        + "store cannot hold (at character 1)",
                "validation failed: field 'metadata.\\ud800': its name holds a lone UTF-16 surrogate (\\ud800), which "
                        + "is no character and cannot be stored or exported (at character 0)",
                "validation failed: field 'metadata.n.\\udc00z': its name holds a lone UTF-16 surrogate (\\udc00), "
                        + "which is no character and cannot be stored or exported (at character 0)");
        Map<String, String> files = Map.of(
                "keys.ndjson", String.join("\n", nul, lone, nested, GOOD) + "\n",
                "keys.json", "[" + String.join(",", nul, lone, nested, GOOD) + "]");

        for (var file : files.entrySet()) {
            jdbc.update("DELETE FROM contexts");

            ImportResult result = importFile(file(file.getKey(), file.getValue()), "contexts",
                    Map.of("errorHandling", "lenient"));

            assertThat(result.status()).as(file.getKey()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
            assertThat(result.successfulRecords()).as(file.getKey()).isEqualTo(1);
            assertThat(result.failedRecords()).as(file.getKey()).isEqualTo(3);
            assertThat(result.errors()).as(file.getKey()).extracting(RecordError::record, RecordError::error)
                    .containsExactly(tuple(1L, expected.get(0)), tuple(2L, expected.get(1)), tuple(3L, expected.get(2)));
            assertThat(result.validationErrors()).as(file.getKey()).extracting(ValidationError::field)
                    .containsExactly("metadata.a\\u0000b", "metadata.\\ud800", "metadata.n.\\udc00z");
            assertThat(jdbc.queryForList("SELECT id FROM contexts", String.class)).as(file.getKey()).containsExactly("g-1");
            // the rejected record quoted with the escape, in the result and as the store keeps it, never as '?'
            assertThat(result.errors().get(1).data()).as(file.getKey()).contains("\\ud800").doesNotContain("?", "\ud800");
            JsonNode kept = mapper.readTree(jdbc.queryForObject("SELECT result FROM operations WHERE id = ?", String.class,
                    result.operationId()));
            assertThat(kept.get("errors").get(1).get("data").asText()).as(file.getKey()).isEqualTo(result.errors().get(1).data());
            assertThat(kept.get("errors").get(0).get("data").asText()).as(file.getKey()).contains("\\u0000");
        }
    }

    @Test
    void shouldRefuseYamlNulAndSurrogateEscapesInValuesAndKeysNamingTheField() throws Exception {
        String yaml = """
                - id: y-1
                  title: "a\\x00b"
                  content: x
                - id: y-2
                  title: "a\\0b"
                  content: x
                - id: y-3
                  title: "a\\uD800b"
                  content: x
                - id: y-4
                  title: t
                  content: x
                  metadata:
                    "a\\0b": 1
                - id: y-5
                  title: t
                  content: x
                  metadata:
                    note: ["ok", "\\uDC00"]
                    "\\uD800": x
                - id: g-1
                  title: good
                  content: x
                """;

        ImportResult result = importFile(file("escapes.yaml", yaml), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(result.errors()).extracting(RecordError::line, RecordError::error).containsExactly(
                tuple(1L, "validation failed: field 'title': its value holds a NUL character (\\u0000), which the store "
                        + "cannot hold (at character 1)"),
                tuple(4L, "validation failed: field 'title': its value holds a NUL character (\\u0000), which the store "
                        + "cannot hold (at character 1)"),
                tuple(7L, "validation failed: field 'title': its value holds a lone UTF-16 surrogate (\\ud800), which "
                        + "is no character and cannot be stored or exported (at character 1)"),
                tuple(10L, "validation failed: field 'metadata.a\\u0000b': its name holds a NUL character (\\u0000), "
                        + "which the store cannot hold (at character 1)"),
                tuple(15L, "validation failed: field 'metadata.note[1]': its value holds a lone UTF-16 surrogate "
                        + "(\\udc00), which is no character and cannot be stored or exported (at character 0); "
                        + "field 'metadata.\\ud800': its name holds a lone UTF-16 surrogate (\\ud800), which is no "
                        + "character and cannot be stored or exported (at character 0)"));
        assertThat(jdbc.queryForList("SELECT id FROM contexts", String.class)).containsExactly("g-1");
    }

    @Test
    void shouldRefuseXmlCharacterReferencesToNulAndSurrogatesAsAFileError() throws Exception {
        Map<String, String> references = Map.of(
                "&#0;", "malformed XML: Invalid character reference: null character not allowed in XML content.",
                "&#xD800;", "malformed XML: Illegal character entity: expansion character (code 0xd800)");
        for (var reference : references.entrySet()) {
            String xml = "<data><item><id>g-1</id><title>good</title><content>x</content></item>\n"
                    + "<item><id>x-1</id><title>a" + reference.getKey() + "b</title><content>x</content></item></data>\n";

            ImportResult result = importFile(file("refs.xml", xml), "contexts", Map.of("errorHandling", "lenient"));

            assertThat(result.status()).as(reference.getKey()).isEqualTo(OperationStatus.FAILED);
            assertThat(result.message()).as(reference.getKey()).startsWith(reference.getValue())
                    .contains("[row,col {unknown-source}]: [2,")
                    .endsWith("; the import was rolled back, nothing was stored");
            assertThat(result.errors()).as(reference.getKey()).singleElement()
                    .satisfies(e -> assertThat(e.line()).isEqualTo(2));
            assertThat(count("contexts")).as(reference.getKey()).isZero();
        }
    }

    @Test
    void shouldRefuseALiteralNulByteInACsvCellOrHeaderNamingTheField() throws Exception {
        String csv = "id,title,content,metadata.note\r\nc-1,a\u0000b,x,n\r\nc-2,t,x,a\u0000\r\ng-1,good,x,\r\n";
        // a row with no value in the column holds no such key and is stored
        String header = "id,title,content,metadata.a\u0000b\r\nh-1,a,x,n\r\nh-2,good,x,\r\n";

        ImportResult cells = importFile(file("nul.csv", csv), "contexts", Map.of("errorHandling", "lenient"));
        ImportResult named = importFile(file("nul-header.csv", header), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(cells.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(cells.successfulRecords()).isEqualTo(1);
        assertThat(cells.errors()).extracting(RecordError::line, RecordError::error).containsExactly(
                tuple(2L, "validation failed: field 'title': its value holds a NUL character (\\u0000), which the "
                        + "store cannot hold (at character 1)"),
                tuple(3L, "validation failed: field 'metadata.note': its value holds a NUL character (\\u0000), which "
                        + "the store cannot hold (at character 1)"));
        assertThat(named.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(named.successfulRecords()).isEqualTo(1);
        assertThat(named.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.error()).isEqualTo("validation failed: field 'metadata.a\\u0000b': its name holds a NUL "
                    + "character (\\u0000), which the store cannot hold (at character 1)");
        });
        assertThat(jdbc.queryForList("SELECT id FROM contexts ORDER BY id", String.class)).containsExactly("g-1", "h-2");
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'h-2'", String.class)).isNull();
    }

    @Test
    void shouldExportMetadataNumbersToCsvByteForByteAndReadThemBackToTheSameStoredText() throws Exception {
        String pi = "3.14159265358979323846264338327950288";
        String big = "123456789012345678901234567890";
        String metadata = "{\"huge\":1.5E+9999,\"tiny\":1.23E-787,\"pi\":" + pi + ",\"big\":" + big
                + ",\"negativeZero\":-0.0,\"scaled\":1.50,\"exponent\":1e3}";
        ImportResult seeded = importFile(file("numbers.ndjson", "{\"id\":\"n-1\",\"title\":\"t\",\"content\":\"x\","
                + "\"createdAt\":\"2024-01-02T03:04:05Z\",\"metadata\":" + metadata + "}\n"), "contexts", null);
        assertThat(seeded.status()).as("%s", seeded.errors()).isEqualTo(OperationStatus.COMPLETED);
        String stored = jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'n-1'", String.class);
        assertThat(stored).isEqualTo(metadata);

        Path csv = Files.copy(exported(export("contexts", Map.of("format", "csv"))), work.resolve("numbers.csv"));
        List<String> lines = List.of(new String(Files.readAllBytes(csv), StandardCharsets.UTF_8).split("\r\n"));

        List<String> header = List.of(lines.get(0).split(","));
        List<String> cells = List.of(lines.get(1).split(","));
        Map<String, String> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            byColumn.put(header.get(i), cells.get(i));
        }
        assertThat(lines).hasSize(2);
        assertThat(byColumn).containsAllEntriesOf(Map.of(
                "metadata.huge:number", "1.5E+9999",
                "metadata.tiny:number", "1.23E-787",
                "metadata.pi:number", pi,
                "metadata.big:number", big,
                "metadata.negativeZero:number", "-0.0",
                "metadata.scaled:number", "1.50",
                "metadata.exponent:number", "1e3"));

        jdbc.update("DELETE FROM contexts");
        ImportResult back = importFile(csv, "contexts", null);

        assertThat(back.status()).as("%s", back.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(back.successfulRecords()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'n-1'", String.class)).isEqualTo(stored);
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
