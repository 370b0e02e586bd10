package io.contextstore.migration.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.record.DataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Verbatim;

/**
 * What each reader makes of input it cannot take: a record that fails on its own is a
 * {@link SourceRecord#unparsable} with its position, line and (JSON, NDJSON) byte offset, and the
 * records after it are read; input that cannot be read on is an {@link UnreadableInputException}
 * saying where.
 */
class MalformedInputTests {

    private final RecordFormats formats = new RecordFormats(RecordRoundTripTests.MAPPER, LimitsProperties.DEFAULTS);

    private List<SourceRecord> read(String name, byte[] content) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (RecordReader reader = formats.open(new ByteArrayInputStream(content), name, null, null,
                DataType.CONTEXTS).reader()) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    private List<SourceRecord> read(String name, String content) throws IOException {
        return read(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads until the reader gives up, keeping what came before. */
    private UnreadableInputException failure(String name, String content, List<SourceRecord> before) {
        try (RecordReader reader = formats.open(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), name,
                null, null, DataType.CONTEXTS).reader()) {
            reader.forEachRemaining(before::add);
        } catch (UnreadableInputException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the input was read to its end");
    }

    private static SourceRecord unparsable(long position, Long line, Long offset, Object raw, String error) {
        return SourceRecord.unparsable(position, line, offset, raw, error);
    }

    // JSON

    @Test
    void shouldGiveAJsonArrayElementThatIsNoObjectAsARecordErrorAtItsOffset() throws IOException {
        List<SourceRecord> records = read("export.json", "[{\"id\":\"a\"}, 42,\n {\"id\":\"b\"}]");

        assertThat(records).hasSize(3);
        assertThat(records.get(1)).isEqualTo(unparsable(2, 1L, 13L, Verbatim.utf8("42".getBytes(StandardCharsets.UTF_8), ""),
                "a record must be an object, found number"));
        assertThat(records.get(2).fields().path("id").asText()).isEqualTo("b");
        assertThat(records.get(2).line()).isEqualTo(2L);
        assertThat(records.get(2).offset()).isEqualTo(18L);
    }

    @Test
    void shouldStopAtMalformedJsonSayingWhere() {
        List<SourceRecord> before = new ArrayList<>();

        UnreadableInputException e = failure("export.json", "[{\"id\":\"a\"},\n{\"id\":}]", before);

        assertThat(before).extracting(r -> r.fields().path("id").asText()).containsExactly("a");
        assertThat(e.getMessage()).startsWith("malformed JSON: Unexpected character ('}' (code 125)): expected a value");
        assertThat(e.line()).isEqualTo(2L);
        assertThat(e.offset()).isEqualTo(19L);
    }

    @Test
    void shouldRefuseContentAfterTheJsonDocument() {
        UnreadableInputException e = failure("export.json", "[{\"id\":\"a\"}]\n[]", new ArrayList<>());

        assertThat(e).hasMessage("unexpected content after the end of the JSON document");
        assertThat(e.line()).isEqualTo(2L);
        assertThat(e.offset()).isEqualTo(13L);
    }

    // NDJSON

    @Test
    void shouldGiveABadNdjsonLineAsARecordErrorAndReadTheNextLines() throws IOException {
        List<SourceRecord> records = read("export.ndjson",
                "{\"id\":\"a\"}\n{\"id\":\"b\",}\n{\"id\":\"c\",\"id\":\"d\"}\n\n[1]\n{\"id\":\"e\"}\n");

        assertThat(records).hasSize(5);
        assertThat(records.get(1).parseError()).startsWith("malformed JSON: Unexpected character ('}' (code 125))");
        assertThat(records.get(1).position()).isEqualTo(2L);
        assertThat(records.get(1).line()).isEqualTo(2L);
        assertThat(records.get(1).offset()).isEqualTo(11L);
        assertThat(records.get(1).rawText()).isEqualTo("{\"id\":\"b\",}");
        assertThat(records.get(2)).isEqualTo(unparsable(3, 3L, 23L,
                Verbatim.utf8("{\"id\":\"c\",\"id\":\"d\"}".getBytes(StandardCharsets.UTF_8), "\n"),
                "malformed JSON: the key 'id' is given twice"));
        // the blank line is no record, but it is a line
        assertThat(records.get(3)).isEqualTo(unparsable(4, 5L, 44L,
                Verbatim.utf8("[1]".getBytes(StandardCharsets.UTF_8), "\n"), "a record must be a JSON object"));
        assertThat(records.get(4).fields().path("id").asText()).isEqualTo("e");
        assertThat(records.get(4).line()).isEqualTo(6L);
        assertThat(records.get(4).offset()).isEqualTo(48L);
    }

    @Test
    void shouldGiveAnNdjsonLineOfInvalidUtf8AsARecordErrorAtTheByte() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes("{\"id\":\"a\"}\n{\"id\":\"".getBytes(StandardCharsets.UTF_8));
        content.writeBytes(new byte[] {(byte) 0xC3, 0x28});
        content.writeBytes("\"}\n{\"id\":\"c\"}\n".getBytes(StandardCharsets.UTF_8));

        List<SourceRecord> records = read("export.ndjson", content.toByteArray());

        assertThat(records).hasSize(3);
        assertThat(records.get(1).parseError()).isEqualTo("not valid UTF-8 at byte 18; if the file is in another "
                + "encoding, give it with the encoding option, e.g. windows-1252");
        assertThat(records.get(1).line()).isEqualTo(2L);
        assertThat(records.get(1).offset()).isEqualTo(11L);
        assertThat(records.get(2).fields().path("id").asText()).isEqualTo("c");
    }

    // CSV

    @Test
    void shouldGiveACsvRowWithTooManyFieldsAsARecordErrorAtItsLine() throws IOException {
        List<SourceRecord> records = read("export.csv", "id,title,content\na,\"two\nlines\",C\nb,T,C,extra\nc,T,C\n");

        assertThat(records).hasSize(3);
        assertThat(records.get(0).line()).isEqualTo(2L);
        assertThat(records.get(0).fields().path("title").asText()).isEqualTo("two\nlines");
        assertThat(records.get(1)).satisfies(r -> {
            assertThat(r.parseError()).isEqualTo("the row has 4 fields but the header has 3");
            assertThat(r.position()).isEqualTo(2L);
            assertThat(r.line()).isEqualTo(4L);
            assertThat(r.offset()).isNull();
            assertThat(r.rawText()).isEqualTo("b,T,C,extra");
        });
        assertThat(records.get(2).line()).isEqualTo(5L);
        assertThat(records.get(2).fields().path("id").asText()).isEqualTo("c");
    }

    @Test
    void shouldGiveACsvCellThatIsNotOfItsColumnsTypeAsARecordError() throws IOException {
        List<SourceRecord> records = read("export.csv",
                "id,metadata.count:number,metadata.done:boolean\na,abc,true\nb,1.50,yes\nc,2,false\n");

        assertThat(records).extracting(SourceRecord::parseError).containsExactly(
                "column 'metadata.count:number' must hold a number, not 'abc'",
                "column 'metadata.done:boolean' must hold true or false, not 'yes'",
                null);
        assertThat(records.get(2).fields().toString()).isEqualTo("{\"id\":\"c\",\"metadata\":{\"count\":2,\"done\":false}}");
    }

    @Test
    void shouldRefuseACsvHeaderThatNamesAColumnTwice() {
        UnreadableInputException e = failure("export.csv", "id,title,id\na,T,b\n", new ArrayList<>());

        assertThat(e).hasMessage("the CSV header names column 'id' twice");
        assertThat(e.line()).isEqualTo(1L);
    }

    @Test
    void shouldRefuseACsvHeaderWithNoColumnTheDataTypeNeeds() {
        UnreadableInputException e = failure("export.csv", "type,tags\ngeneral,x\n", new ArrayList<>());

        assertThat(e).hasMessage("the CSV header (type, tags) has none of the columns contexts need: id, title, content; "
                + "name the columns so, or map them with mapping.fieldMappings");
    }

    // XML

    @Test
    void shouldGiveAnXmlItemWithARepeatedOrMistypedFieldAsARecordError() throws IOException {
        List<SourceRecord> records = read("export.xml", """
                <data>
                <item><id>a</id><id>b</id></item>
                <item><id>c</id><metadata><n type="number">abc</n></metadata></item>
                <item><id>d</id></item>
                </data>
                """);

        assertThat(records).extracting(SourceRecord::parseError).containsExactly(
                "element <id> appears twice in the record", "metadata.n is not a number: 'abc'", null);
        assertThat(records).extracting(SourceRecord::line).containsExactly(2L, 3L, 4L);
        assertThat(records).extracting(SourceRecord::offset).containsOnlyNulls();
    }

    @Test
    void shouldRefuseXmlWithADocumentTypeDeclaration() {
        UnreadableInputException e = failure("export.xml", "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE data [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<data><item><id>&x;</id></item></data>\n",
                new ArrayList<>());

        assertThat(e).hasMessage("XML with a document type declaration (<!DOCTYPE>) is refused: DTDs, external "
                + "entities and entity expansion are not allowed");
        assertThat(e.line()).isEqualTo(2L);
    }

    @Test
    void shouldStopAtMalformedXmlSayingTheLine() {
        List<SourceRecord> before = new ArrayList<>();

        UnreadableInputException e = failure("export.xml", "<data>\n<item><id>a</id></item>\n<item><id>b</item>\n</data>\n",
                before);

        assertThat(before).extracting(r -> r.fields().path("id").asText()).containsExactly("a");
        assertThat(e.getMessage()).startsWith("malformed XML: ");
        assertThat(e.line()).isEqualTo(3L);
    }

    // YAML

    @Test
    void shouldRefuseAYamlTagSayingWhere() {
        List<SourceRecord> before = new ArrayList<>();

        UnreadableInputException e = failure("export.yaml", "- id: a\n- !!python/object:os.system\n  id: b\n", before);

        assertThat(before).extracting(r -> r.fields().path("id").asText()).containsExactly("a");
        assertThat(e).hasMessage("YAML tags are not allowed: found '!!python/object:os.system'; only plain data (maps, "
                + "lists, strings, numbers, booleans, null) is read");
        assertThat(e.line()).isEqualTo(2L);
        assertThat(e.offset()).isEqualTo(10L);
    }

    @Test
    void shouldQuoteALocalYamlTagAsWritten() {
        UnreadableInputException e = failure("export.yaml", "- id: a\n- !custom\n  id: b\n", new ArrayList<>());

        assertThat(e).hasMessage("YAML tags are not allowed: found '!custom'; only plain data (maps, lists, strings, "
                + "numbers, booleans, null) is read");
    }

    @Test
    void shouldGiveAYamlNumberNoDecimalHoldsAsARecordErrorAndReadTheNext() throws IOException {
        List<SourceRecord> records = read("export.yaml", "- id: a\n  metadata:\n    score: .inf\n- id: b\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).parseError()).isEqualTo("field 'score' is '.inf', a number JSON and the store cannot "
                + "hold (infinity and NaN are refused; numbers are kept as exact decimals)");
        assertThat(records.get(0).line()).isEqualTo(1L);
        assertThat(records.get(1).fields().path("id").asText()).isEqualTo("b");
    }

    // Markdown

    @Test
    void shouldGiveAMarkdownRecordWithALineThatIsNoFieldAsARecordError() throws IOException {
        List<SourceRecord> records = read("export.md", """
                # contexts

                ## Item 1

                **id:** a
                just prose
                **title:** T

                ## Item 2

                **id:** b
                """);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).parseError()).isEqualTo("line 6 is not a '**field:** value' line");
        assertThat(records.get(0).line()).isEqualTo(3L);
        assertThat(records.get(0).rawText()).isEqualTo("## Item 1\n\n**id:** a\njust prose\n**title:** T");
        assertThat(records.get(1).line()).isEqualTo(9L);
        assertThat(records.get(1).fields().path("id").asText()).isEqualTo("b");
    }

    @Test
    void shouldRefuseAMarkdownFencedBlockThatIsNeverClosed() {
        UnreadableInputException e = failure("export.md", "## Item 1\n\n**content:**\n\n```text\nabc\n", new ArrayList<>());

        assertThat(e.getMessage()).startsWith("a fenced block opened near line ").endsWith(" is never closed");
    }

    @Test
    void shouldSayWhereAnUnclosedMarkdownFenceOpened() {
        UnreadableInputException e = failure("export.md", "## Item 1\n\n**content:**\n\n```text\nabc\ndef\n",
                new ArrayList<>());

        assertThat(e).hasMessage("a fenced block opened near line 5 is never closed");
        assertThat(e.line()).isEqualTo(5L);
    }
}
