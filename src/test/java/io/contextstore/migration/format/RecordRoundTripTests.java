package io.contextstore.migration.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.record.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import io.contextstore.migration.record.SourceRecord;

/**
 * Every export format read back through {@link RecordFormats#open}: what {@link RecordWriters}
 * writes imports back as the same records, awkward strings, exact numbers, nesting, lists and
 * nulls included.
 */
class RecordRoundTripTests {

    /** The application's mapper: numbers kept as written, each key once. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(ExactNumbers.module())
            .build();

    private static final String CONTEXT_1 = """
            {"id":"ctx-1","title":"He said \\"hi\\", then left","content":"line one\\nline two\\n## not a record\\n# nor a section\\n```\\nfenced",
             "type":"note","tags":["alpha","beta"],"sessionId":"s-1",
             "createdAt":"2024-01-02T03:04:05.123456Z","updatedAt":"2024-02-03T04:05:06Z",
             "metadata":{"importance":"high","source":"import","score":1.50,"huge":1E+400,"count":42,"note":"",
                         "nested":{"deep":{"flag":true,"none":null}},"list":[1,"two",null]},
             "attachments":[]}""";
    private static final String CONTEXT_2 = """
            {"id":"ctx-2","title":"café naïve 漢字 emoji 😀🚀 crlf\\r\\nline","content":" padded, with tab\\tand back\\\\slash ",
             "type":"general","tags":["with, comma"," spaced ",""],"createdAt":"2024-01-01T00:00:00Z",
             "metadata":{"importance":"low","source":"api","score":-0.0,"huge":1E+400,"count":7,"note":"<x & y>",
                         "nested":{"deep":{"flag":false,"none":null}},"list":[]},
             "attachments":[{"name":"a.bin","contentType":"application/octet-stream","data":"AAEC/w=="}]}""";
    private static final String SESSION = """
            {"id":"s-1","name":"Weekly sync","userId":"u-1","createdAt":"2024-01-01T00:00:00Z",
             "metadata":{"importance":"medium","count":3}}""";
    private static final String TEMPLATE = """
            {"id":"t-1","name":"Notes","description":"Imports notes: \\"quoted\\", commas","version":"1.0",
             "schema":{"type":"object","fields":[{"name":"title","type":"string","required":true},
                                                {"name":"score","type":"number","required":false}]},
             "transformation":{"mapping":{"heading":"title"},
                               "computedFields":[{"name":"summary","expression":"${body[title]}","type":"string"}]},
             "createdAt":"2024-01-01T00:00:00Z"}""";

    private final RecordFormats formats = new RecordFormats(MAPPER, LimitsProperties.DEFAULTS);
    private final RecordWriters writers = new RecordWriters(MAPPER);

    static ObjectNode record(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ExportLayout layout(DataType type, List<ObjectNode> records) {
        return new ExportLayout(List.of(type), false, null, false,
                Map.of(type, CsvColumns.plan(type, Set.of(), false, List.of(records).iterator())), false);
    }

    private byte[] write(String format, ExportLayout layout, Map<DataType, List<ObjectNode>> sections) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordWriter writer = writers.open(format, out, layout)) {
            for (Map.Entry<DataType, List<ObjectNode>> section : sections.entrySet()) {
                writer.section(section.getKey());
                for (ObjectNode record : section.getValue()) {
                    writer.write(record);
                }
            }
        }
        return out.toByteArray();
    }

    /** A zip of a file per type is taken apart by the import route (camel-zipfile); here entry by entry. */
    private List<SourceRecord> readZip(byte[] bytes) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String stem = entry.getName().substring(0, entry.getName().indexOf('.'));
                DataType type = DataType.parse(stem).orElse(null);
                if (type != null) {
                    read(zip.readAllBytes(), entry.getName(), type).forEach(r -> records.add(r.in(type)));
                }
            }
        }
        return records;
    }

    private List<SourceRecord> read(byte[] bytes, String name, DataType wanted) throws IOException {
        RecordFormats.Opened opened = formats.open(new ByteArrayInputStream(bytes), name, null, null, wanted);
        List<SourceRecord> records = new ArrayList<>();
        try (RecordReader reader = opened.reader()) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    private List<SourceRecord> roundTrip(String format, DataType type, List<ObjectNode> records) throws IOException {
        byte[] written = write(format, layout(type, records), Map.of(type, records));
        return read(written, "export." + RecordWriters.extension(format, false), type);
    }

    private static List<ObjectNode> fields(List<SourceRecord> records) {
        assertThat(records).allSatisfy(r -> assertThat(r.parseError()).as("record %d", r.position()).isNull());
        return records.stream().map(SourceRecord::fields).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson", "csv", "xml", "yaml", "markdown"})
    void shouldReadBackTheContextsItWrote(String format) throws IOException {
        List<ObjectNode> records = List.of(record(CONTEXT_1), record(CONTEXT_2));

        List<SourceRecord> read = roundTrip(format, DataType.CONTEXTS, records);

        assertThat(read).extracting(SourceRecord::position).containsExactly(1L, 2L);
        assertThat(fields(read)).containsExactlyElementsOf(records);
        ObjectNode metadata = (ObjectNode) read.get(0).fields().get("metadata");
        assertThat(metadata.get("score").isNumber()).isTrue();
        assertThat(metadata.get("score").asText()).isEqualTo("1.50");
        assertThat(metadata.get("huge").asText()).isEqualTo("1E+400");
        assertThat(read.get(1).fields().path("metadata").get("score").asText()).isEqualTo("-0.0");
        assertThat(read.get(1).fields().get("title").asText()).isEqualTo("café naïve 漢字 emoji 😀🚀 crlf\r\nline");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson", "csv", "xml", "yaml", "markdown"})
    void shouldReadBackTheSessionsAndTemplatesItWrote(String format) throws IOException {
        List<ObjectNode> sessions = List.of(record(SESSION));
        List<ObjectNode> templates = List.of(record(TEMPLATE));

        assertThat(fields(roundTrip(format, DataType.SESSIONS, sessions))).containsExactlyElementsOf(sessions);
        assertThat(fields(roundTrip(format, DataType.TEMPLATES, templates))).containsExactlyElementsOf(templates);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson", "xml", "yaml", "markdown"})
    void shouldReadBackNullsAtTheTopLevel(String format) throws IOException {
        ObjectNode withNulls = record("""
                {"id":"ctx-3","title":"T","content":"C","type":"general","tags":null,"sessionId":null,
                 "createdAt":"2024-01-01T00:00:00Z","updatedAt":null,"metadata":null,"attachments":null}""");

        assertThat(fields(roundTrip(format, DataType.CONTEXTS, List.of(withNulls)))).containsExactly(withNulls);
    }

    @Test
    void shouldReadAnEmptyCsvCellAsAbsentAndAnEmptyQuotedOneAsTheEmptyString() throws IOException {
        ObjectNode absent = record("""
                {"id":"ctx-4","title":"","content":"C","metadata":{"importance":"low"},"attachments":null}""");
        ObjectNode emptyFirst = record("""
                {"id":"","title":"T","content":" C ","type":"#note","metadata":{"importance":""},"attachments":null}""");

        List<ObjectNode> read = fields(roundTrip("csv", DataType.CONTEXTS, List.of(absent, emptyFirst)));

        assertThat(read).containsExactly(absent, emptyFirst);
    }

    @Test
    void shouldQuoteOnlyTheCsvCellsThatNeedItWithCrlfAndDotColumns() throws IOException {
        ObjectNode context = record("""
                {"id":"ctx-1","title":"a \\"b\\", c","content":"x\\ny","type":"","tags":["t1","t2"],"sessionId":" s",
                 "createdAt":"2024-01-01T00:00:00Z","updatedAt":"","metadata":{"importance":"#1","count":1.50,"flag":true}}""");

        String csv = new String(write("csv", layout(DataType.CONTEXTS, List.of(context)),
                Map.of(DataType.CONTEXTS, List.of(context))), StandardCharsets.UTF_8);

        // a delimiter, quote, line break, leading space or leading # is quoted; an empty string is "" and a missing value nothing
        assertThat(csv).isEqualTo("id,title,content,type,tags,sessionId,createdAt,updatedAt,"
                + "metadata.importance,metadata.count:number,metadata.flag:boolean,attachments\r\n"
                + "ctx-1,\"a \"\"b\"\", c\",\"x\ny\",\"\",\"t1,t2\",\" s\",2024-01-01T00:00:00Z,\"\",\"#1\",1.50,true,\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "yaml", "markdown", "csv"})
    void shouldReadBackAnExportOfAllTypesWithEachRecordInItsSection(String format) throws IOException {
        Map<DataType, List<ObjectNode>> sections = new LinkedHashMap<>();
        sections.put(DataType.CONTEXTS, List.of(record(CONTEXT_1)));
        sections.put(DataType.SESSIONS, List.of(record(SESSION)));
        sections.put(DataType.TEMPLATES, List.of(record(TEMPLATE)));
        Map<DataType, CsvColumns> columns = new EnumMap<>(DataType.class);
        sections.forEach((type, records) -> columns.put(type, CsvColumns.plan(type, Set.of(), false,
                List.of(records).iterator())));
        ObjectNode header = record("""
                {"exportedAt":"2024-05-01T00:00:00Z","dataType":"all","recordCount":3,"version":"1.0"}""");
        ExportLayout layout = new ExportLayout(List.of(DataType.values()), true, header, false, columns, false);

        byte[] written = write(format, layout, sections);
        List<SourceRecord> read = format.equals("csv") ? readZip(written)
                : read(written, "export." + RecordWriters.extension(format, false), null);

        assertThat(read).extracting(SourceRecord::dataType)
                .containsExactly(DataType.CONTEXTS, DataType.SESSIONS, DataType.TEMPLATES);
        assertThat(fields(read)).containsExactly(record(CONTEXT_1), record(SESSION), record(TEMPLATE));
    }
}
