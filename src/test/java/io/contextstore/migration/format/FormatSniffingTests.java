package io.contextstore.migration.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.record.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.contextstore.migration.record.SourceRecord;

/**
 * How {@link RecordFormats#open} tells an input's format, charset, byte order mark, line endings
 * and CSV delimiter from its name and first bytes, and what it refuses.
 */
class FormatSniffingTests {

    private static final String JSON_ARRAY = "[{\"id\":\"a\",\"title\":\"T\",\"content\":\"café 😀\"}]\n";

    private final RecordFormats formats = new RecordFormats(new ObjectMapper(), LimitsProperties.DEFAULTS);

    private RecordFormats.Opened open(String name, byte[] content, String format, String delimiter, DataType wanted)
            throws IOException {
        return formats.open(new ByteArrayInputStream(content), name, format, delimiter, wanted);
    }

    private RecordFormats.Opened open(String name, String content) throws IOException {
        return open(name, utf8(content), null, null, DataType.CONTEXTS);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static List<SourceRecord> records(RecordFormats.Opened opened) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (RecordReader reader = opened.reader()) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    private static List<String> values(RecordFormats.Opened opened, String field) throws IOException {
        return records(opened).stream().map(r -> r.fields().path(field).asText()).toList();
    }

    @Test
    void shouldReadATxtHoldingAJsonArrayAsJson() throws IOException {
        RecordFormats.Opened opened = open("export.txt", JSON_ARRAY);

        assertThat(opened.detected()).isEqualTo(new Detected("json", "none", "UTF-8", false, "LF", null, "contexts"));
        assertThat(values(opened, "content")).containsExactly("café 😀");
    }

    @Test
    void shouldReadATxtWhoseFirstLineIsAWholeObjectAsNdjson() throws IOException {
        RecordFormats.Opened opened = open("export.txt", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");

        assertThat(opened.detected()).isEqualTo(new Detected("ndjson", "none", "UTF-8", false, "LF", null, "contexts"));
        assertThat(values(opened, "id")).containsExactly("a", "b");
    }

    @Test
    void shouldReadAPrettyPrintedObjectAsOneJsonDocument() throws IOException {
        RecordFormats.Opened opened = open("export.txt", "{\n  \"id\": \"a\",\n  \"title\": \"T\"\n}\n");

        assertThat(opened.detected().format()).isEqualTo("json");
        assertThat(values(opened, "title")).containsExactly("T");
    }

    @Test
    void shouldKeepTheJsonNameOfAJsonFileHoldingNdjsonAndReadEveryObject() throws IOException {
        RecordFormats.Opened opened = open("export.json", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");

        assertThat(opened.detected().format()).isEqualTo("json");
        assertThat(values(opened, "id")).containsExactly("a", "b");
    }

    @Test
    void shouldLetTheContentDecideBetweenArrayAndLinesWhenJsonIsRequested() throws IOException {
        RecordFormats.Opened opened = open("upload.bin", utf8("{\"id\":\"a\"}\n{\"id\":\"b\"}\n"), "json", null,
                DataType.CONTEXTS);

        assertThat(opened.detected().format()).isEqualTo("ndjson");
        assertThat(values(opened, "id")).containsExactly("a", "b");
    }

    @Test
    void shouldReadACsvNamedFileStartingWithAnXmlDeclarationAsXml() throws IOException {
        RecordFormats.Opened opened = open("export.csv", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<data><item><id>a</id><title>T</title><content>C</content></item></data>\n");

        assertThat(opened.detected()).isEqualTo(new Detected("xml", "none", "UTF-8", false, "LF", null, "contexts"));
        assertThat(values(opened, "content")).containsExactly("C");
    }

    @Test
    void shouldReadACsvNamedFileHoldingAJsonArrayAsJson() throws IOException {
        RecordFormats.Opened opened = open("export.csv", JSON_ARRAY);

        assertThat(opened.detected().format()).isEqualTo("json");
        assertThat(opened.detected().delimiter()).isNull();
        assertThat(values(opened, "id")).containsExactly("a");
    }

    @Test
    void shouldKeepAYamlNameForJsonContentSinceJsonIsYaml() throws IOException {
        RecordFormats.Opened opened = open("export.yaml", JSON_ARRAY);

        assertThat(opened.detected().format()).isEqualTo("yaml");
        assertThat(values(opened, "content")).containsExactly("café 😀");
    }

    @Test
    void shouldLetTheRequestedFormatWinOverTheName() throws IOException {
        RecordFormats.Opened opened = open("export.json", utf8("id,title\n\"a\",\"T\"\n"), "csv", null,
                DataType.CONTEXTS);

        assertThat(opened.detected()).isEqualTo(new Detected("csv", "none", "UTF-8", false, "LF", ",", "contexts"));
        assertThat(values(opened, "title")).containsExactly("T");
    }

    @ParameterizedTest
    @ValueSource(strings = {"- id: a\n  title: T\n", "id: a\ntitle: T\n", "---\n- id: a\n  title: T\n",
            "\n\n- id: a\n  title: T\n"})
    void shouldTellYamlByItsFirstLine(String content) throws IOException {
        RecordFormats.Opened opened = open("notes.txt", content);

        assertThat(opened.detected().format()).isEqualTo("yaml");
        assertThat(values(opened, "title")).containsExactly("T");
    }

    @ParameterizedTest
    @ValueSource(strings = {"# contexts\n\n## Item 1\n\n**id:** a\n**title:** T\n", "## Item 1\n\n**id:** a\n**title:** T\n"})
    void shouldTellMarkdownByItsHeading(String content) throws IOException {
        RecordFormats.Opened opened = open("notes.txt", content);

        assertThat(opened.detected()).isEqualTo(new Detected("markdown", "none", "UTF-8", false, "LF", null, "contexts"));
        assertThat(values(opened, "title")).containsExactly("T");
    }

    @Test
    void shouldTakeUnnamedContentForCsvWhenItsHeaderNamesKnownColumns() throws IOException {
        RecordFormats.Opened opened = open(null, "id,title,content\r\n\"a\",\"T\",\"C\"\r\n");

        assertThat(opened.detected()).isEqualTo(new Detected("csv", "none", "UTF-8", false, "CRLF", ",", "contexts"));
        assertThat(values(opened, "content")).containsExactly("C");
    }

    @Test
    void shouldTakeAnUnnamedCsvOnlyForTheTypeWhoseColumnsItsHeaderNames() throws IOException {
        byte[] sessions = utf8("name,userId\nWeekly sync,u-1\n");

        assertThat(open("people.txt", sessions, null, null, DataType.SESSIONS).detected().format()).isEqualTo("csv");
        assertThat(open("people.txt", sessions, null, null, null).detected())
                .isEqualTo(new Detected("csv", "none", "UTF-8", false, "LF", ",", null));
        assertThatThrownBy(() -> open("people.txt", sessions, null, null, DataType.CONTEXTS))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageStartingWith("cannot tell the format of 'people.txt'");
    }

    static Stream<Arguments> delimited() {
        return Stream.of(
                Arguments.of(";", "id;title;content\n\"a\";\"Body, with comma\";\"C\"\n"),
                Arguments.of("\t", "id\ttitle\tcontent\na\tBody, with comma\tC\n"),
                Arguments.of("|", "id|title|content\na|Body, with comma|C\n"),
                Arguments.of(",", "id,title,content\na,\"Body, with comma\",C\n"));
    }

    @ParameterizedTest
    @MethodSource("delimited")
    void shouldSniffTheDelimiterFromTheHeaderLine(String delimiter, String content) throws IOException {
        for (String name : new String[] {"people.csv", null}) {
            RecordFormats.Opened opened = open(name, content);

            assertThat(opened.detected()).isEqualTo(new Detected("csv", "none", "UTF-8", false, "LF", delimiter,
                    "contexts"));
            assertThat(values(opened, "title")).containsExactly("Body, with comma");
        }
    }

    @Test
    void shouldCountOnlyDelimitersOutsideQuotesInTheHeader() throws IOException {
        RecordFormats.Opened opened = open("people.csv", "\"id\",\"title\",\"metadata.a;b;c;d\"\n\"a\",\"T\",\"x\"\n");

        assertThat(opened.detected().delimiter()).isEqualTo(",");
        assertThat(records(opened).get(0).fields().path("metadata").path("a;b;c;d").asText()).isEqualTo("x");
    }

    @ParameterizedTest
    @CsvSource({"tab", "\\t"})
    void shouldTakeTheRequestedTabDelimiterByName(String option) throws IOException {
        RecordFormats.Opened opened = open("people.csv", utf8("id\ttitle\na,b\tT\n"), null, option, DataType.CONTEXTS);

        assertThat(opened.detected().delimiter()).isEqualTo("\t");
        assertThat(values(opened, "id")).containsExactly("a,b");
    }

    @ParameterizedTest
    @ValueSource(strings = {";;", "\""})
    void shouldRefuseADelimiterOptionThatIsNotOneCharacterOtherThanAQuote(String option) {
        assertThatThrownBy(() -> open("people.csv", utf8("id,title\na,T\n"), null, option, DataType.CONTEXTS))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessage("csvDelimiter must be one character other than a quote or a line break, not '" + option + "'");
    }

    @Test
    void shouldReportCrlfLineEndings() throws IOException {
        RecordFormats.Opened opened = open("export.ndjson", "{\"id\":\"a\"}\r\n{\"id\":\"b\"}\r\n");

        assertThat(opened.detected()).isEqualTo(new Detected("ndjson", "none", "UTF-8", false, "CRLF", null, "contexts"));
        assertThat(values(opened, "id")).containsExactly("a", "b");
    }

    @Test
    void shouldReportNoLineEndingForOneLineWithoutNewline() throws IOException {
        assertThat(open("export.json", "[{\"id\":\"a\"}]").detected().lineEnding()).isNull();
    }

    @Test
    void shouldSkipAUtf8ByteOrderMarkAndReportIt() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        RecordFormats.Opened json = open("export.txt", concat(bom, utf8(JSON_ARRAY)), null, null, DataType.CONTEXTS);
        RecordFormats.Opened csv = open(null, concat(bom, utf8("id,title\r\na,T\r\n")), null, null, DataType.CONTEXTS);

        assertThat(json.detected()).isEqualTo(new Detected("json", "none", "UTF-8", true, "LF", null, "contexts"));
        assertThat(values(json, "content")).containsExactly("café 😀");
        assertThat(csv.detected()).isEqualTo(new Detected("csv", "none", "UTF-8", true, "CRLF", ",", "contexts"));
        // the mark is not part of the first column's name
        assertThat(values(csv, "id")).containsExactly("a");
    }

    @ParameterizedTest
    @CsvSource({"UTF-16LE, FF, FE", "UTF-16BE, FE, FF"})
    void shouldReadUtf16WithAByteOrderMark(String charset, String first, String second) throws IOException {
        byte[] bom = {(byte) Integer.parseInt(first, 16), (byte) Integer.parseInt(second, 16)};

        RecordFormats.Opened opened = open("export.json", concat(bom, JSON_ARRAY.getBytes(Charset.forName(charset))),
                null, null, DataType.CONTEXTS);

        assertThat(opened.detected()).isEqualTo(new Detected("json", "none", charset, true, "LF", null, "contexts"));
        assertThat(values(opened, "content")).containsExactly("café 😀");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE"})
    void shouldTellUtf16WithoutAByteOrderMarkByItsZeroBytes(String charset) throws IOException {
        RecordFormats.Opened opened = open("export.txt", "{\"id\":\"a\",\"title\":\"café\"}\n{\"id\":\"b\"}\n"
                .getBytes(Charset.forName(charset)), null, null, DataType.CONTEXTS);

        assertThat(opened.detected()).isEqualTo(new Detected("ndjson", "none", charset, false, "LF", null, "contexts"));
        assertThat(values(opened, "id")).containsExactly("a", "b");
        assertThat(records(open("export.txt", "{\"id\":\"a\",\"title\":\"café\"}\n".getBytes(Charset.forName(charset)),
                null, null, DataType.CONTEXTS)).get(0).fields().path("title").asText()).isEqualTo("café");
    }

    @Test
    void shouldReadXmlInTheCharsetItsDeclarationNames() throws IOException {
        byte[] content = ("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
                + "<data><item><id>a</id><title>café</title></item></data>\n").getBytes(Charset.forName("windows-1252"));

        RecordFormats.Opened opened = open("export.xml", content, null, null, DataType.CONTEXTS);

        assertThat(opened.detected()).isEqualTo(new Detected("xml", "none", "windows-1252", false, "LF", null,
                "contexts"));
        assertThat(values(opened, "title")).containsExactly("café");
    }

    @Test
    void shouldReadTheCharsetTheEncodingOptionNames() throws IOException {
        byte[] content = "id,title\na,café\n".getBytes(Charset.forName("windows-1252"));

        RecordFormats.Opened opened = formats.open(new ByteArrayInputStream(content), "export.csv",
                new Reading(null, null, DataType.CONTEXTS, CsvHeaderFields.AS_NAMED, "windows-1252"));

        assertThat(opened.detected()).isEqualTo(new Detected("csv", "none", "windows-1252", false, "LF", ",", "contexts"));
        assertThat(values(opened, "title")).containsExactly("café");
    }

    @Test
    void shouldRefuseAByteOrderMarkThatContradictsTheEncodingOption() {
        byte[] content = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(JSON_ARRAY));

        assertThatThrownBy(() -> formats.open(new ByteArrayInputStream(content), "export.json",
                new Reading(null, null, DataType.CONTEXTS, CsvHeaderFields.AS_NAMED, "ISO-8859-1")))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the file starts with a UTF-8 byte order mark, but the encoding option says ISO-8859-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"export.json", "export.csv", "export.xml", "export.txt"})
    void shouldRefuseAnEmptyFile(String name) {
        assertThatThrownBy(() -> open(name, new byte[0], null, null, DataType.CONTEXTS))
                .isInstanceOfSatisfying(UnreadableInputException.class, e -> {
                    assertThat(e).hasMessage("the file is empty (0 bytes)");
                    assertThat(e.line()).isNull();
                    assertThat(e.offset()).isZero();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"export.json", "export.ndjson", "export.csv", "export.txt"})
    void shouldRefuseAFileHoldingOnlyWhitespace(String name) {
        assertThatThrownBy(() -> open(name, " \n\t\r\n  ".getBytes(StandardCharsets.UTF_8), null, null, DataType.CONTEXTS))
                .isInstanceOfSatisfying(UnreadableInputException.class, e -> {
                    assertThat(e).hasMessage("the file holds only whitespace");
                    assertThat(e.line()).isEqualTo(1L);
                    assertThat(e.offset()).isZero();
                });
    }

    @Test
    void shouldRefuseContentOfNoFormatUnderANameOfNoFormat() {
        assertThatThrownBy(() -> open("notes.txt", "Just some notes.\nNothing structured here.\n"))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessage("cannot tell the format of 'notes.txt': neither its name nor its content is one of the "
                        + "formats read here: json (.json), ndjson (.ndjson, .jsonl), csv (.csv, .tsv), xml (.xml), "
                        + "yaml (.yaml, .yml), markdown (.md, .markdown); a CSV file without such a name needs a header "
                        + "naming the data type's columns. Name the file so, or give the format option "
                        + "(e.g. {\"format\": \"csv\"})");
    }

    @Test
    void shouldRefuseAnUnknownRequestedFormat() {
        assertThatThrownBy(() -> open("export.json", utf8("id,title\na,T\n"), "excel", null, DataType.CONTEXTS))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessage("format 'excel' is not supported; use one of json, ndjson, csv, xml, yaml, markdown");
    }
}
