package io.contextstore.migration.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.contextstore.migration.support.Tools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV cells (and Markdown's inline values) are text unless the file's header (the field's label)
 * says otherwise: a file written by another tool keeps every cell as the text it is, and this
 * service's own exports say the types of their columns in the header; run on H2 and PostgreSQL.
 */
abstract class ForeignCsvScenarios extends ScenarioSupport {

    /** Writes rows with Python's csv module (excel dialect: CRLF, quoting only where needed), as another team's tool would. */
    private static final String PYTHON_CSV = """
            import csv, json, sys
            sys.stdout.reconfigure(encoding="utf-8", newline="")
            writer = csv.writer(sys.stdout)
            for row in json.load(sys.stdin):
                writer.writerow(row)
            """;

    @Test
    void shouldImportCellsOfACsvWrittenByAnotherToolAsTheTextTheyAre() throws Exception {
        // given: cells that look like numbers, booleans, null and JSON, under plain headers
        Path csv = python("foreign.csv", List.of(
                List.of("id", "title", "content", "tags", "metadata.count", "metadata.price", "metadata.owner",
                        "metadata.flag", "metadata.big", "metadata.list", "metadata.object"),
                List.of("f1", "Foreign", "written elsewhere", "[draft]", "4", "4.50", "null", "true", "1e3", "[1,2]",
                        "{\"a\":1}"),
                List.of("f2", "Second", "more", "[\"a\"]", "007", "-0", "false", "TRUE", "1E+3", "[]", "{}")));
        assertThat(Files.readString(csv)).contains("\"[1,2]\"", "\"{\"\"a\"\":1}\"", "\r\n");

        // when
        ImportResult result = importFile(csv, "contexts", null);

        // then: every metadata value and tag is the string the cell holds
        assertThat(result.status()).as("%s", result.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(stored("f1", "metadata")).isEqualTo(mapper.readTree("""
                {"count": "4", "price": "4.50", "owner": "null", "flag": "true", "big": "1e3", "list": "[1,2]",
                 "object": "{\\"a\\":1}"}"""));
        assertThat(stored("f2", "metadata")).isEqualTo(mapper.readTree("""
                {"count": "007", "price": "-0", "owner": "false", "flag": "TRUE", "big": "1E+3", "list": "[]",
                 "object": "{}"}"""));
        assertThat(stored("f1", "tags")).isEqualTo(mapper.readTree("[\"[draft]\"]"));
        assertThat(stored("f2", "tags")).isEqualTo(mapper.readTree("[\"[\\\"a\\\"]\"]"));
    }

    @Test
    void shouldRoundTripItsOwnCsvExportWithTheColumnTypesInTheHeader() throws Exception {
        // given: metadata of every JSON kind, strings that look like others, a column mixing kinds
        List<ObjectNode> records = List.of(
                context("r1", "{\"count\": 4, \"ratio\": 0.25, \"flag\": true, \"owner\": null, \"list\": [1, \"a\", false],"
                        + " \"nested\": {\"level\": \"two\", \"deeper\": {\"n\": 3}}, \"looksNumeric\": \"123\","
                        + " \"looksBoolean\": \"true\", \"looksNull\": \"null\", \"looksJson\": \"[1,2]\", \"mixed\": 4,"
                        + " \"empty\": {}}", "[\"a,b\", \"c\"]"),
                context("r2", "{\"count\": -12, \"ratio\": 1e3, \"flag\": false, \"owner\": \"me\","
                        + " \"looksNumeric\": \"4.50\", \"mixed\": \"4\"}", "[\"[draft]\"]"),
                context("r3", "{\"looksNumeric\": \"\"}", "[]"));
        ImportResult seeded = importFile(TestRecords.writeNdjson(work.resolve("seed.ndjson"), records), "contexts", null);
        assertThat(seeded.status()).as("%s", seeded.errors()).isEqualTo(OperationStatus.COMPLETED);
        var before = dump("contexts");

        // when
        ExportResult exported = export("contexts", Map.of("format", "csv"));
        Path copy = Files.copy(exported(exported), work.resolve("own.csv"));
        jdbc.update("DELETE FROM contexts");
        ImportResult back = importFile(copy, "contexts", null);

        // then: the header says each column's type, and every field imports back equal
        String header = Files.readString(copy, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(header).isEqualTo("id,title,content,type,tags:json,sessionId,createdAt,"
                + "updatedAt,metadata.count:number,metadata.ratio:number,metadata.flag:boolean,"
                + "metadata.owner:json,metadata.list:json,metadata.nested.level,metadata.nested.deeper.n:number,"
                + "metadata.looksNumeric,metadata.looksBoolean,metadata.looksNull,metadata.looksJson,"
                + "metadata.mixed:json,metadata.empty:json");
        assertThat(Files.readString(copy, StandardCharsets.UTF_8)).contains("\"\"\"4\"\"\"", "\"[\"\"[draft]\"\"]\"");
        assertThat(back.status()).as("%s", back.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(dump("contexts")).isEqualTo(before);
        assertThat(stored("r2", "metadata").get("mixed")).isEqualTo(mapper.readTree("\"4\""));
        assertThat(stored("r1", "metadata").get("mixed")).isEqualTo(mapper.readTree("4"));
    }

    @Test
    void shouldReadTypedColumnsOfAForeignCsvAndRefuseACellThatIsNotOfItsType() throws Exception {
        // given: a file that says its column types, one cell of which is not a number
        Path csv = python("typed.csv", List.of(
                List.of("id", "title", "content", "tags:json", "metadata.count:number", "metadata.flag:boolean",
                        "metadata.data:json", "metadata.note:text"),
                List.of("t1", "Typed", "c", "[\"a,b\"]", "12", "true", "{\"a\":[1,null]}", "42"),
                List.of("t2", "Bad", "c", "[]", "twelve", "true", "null", "x")));

        // when
        ImportResult result = importFile(csv, "contexts", Map.of("errorHandling", "lenient"));

        // then
        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(stored("t1", "metadata")).isEqualTo(mapper.readTree(
                "{\"count\": 12, \"flag\": true, \"data\": {\"a\": [1, null]}, \"note\": \"42\"}"));
        assertThat(stored("t1", "tags")).isEqualTo(mapper.readTree("[\"a,b\"]"));
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.error()).isEqualTo("column 'metadata.count:number' must hold a number, not 'twelve'");
        });
        assertThat(count("contexts")).isEqualTo(1);
    }

    @Test
    void shouldReadInlineMarkdownValuesAsTextUnlessTheLabelSaysTheirType() throws Exception {
        // given: hand-written Markdown whose inline values look like numbers, booleans, null and JSON
        Path md = Files.writeString(work.resolve("notes.md"), """
                # contexts

                ## Item 1

                **id:** m1
                **title:** Written by hand
                **content:** notes
                **tags:** [draft], 4
                **metadata.count:** 4
                **metadata.price:** 4.50
                **metadata.owner:** null
                **metadata.flag:** true
                **metadata.big:** 1e3
                **metadata.list:** [1,2]
                **metadata.typed:number:** 4.50
                **metadata.yes:boolean:** true
                **metadata.data:json:** {"a": [1, null]}

                ## Item 2

                **id:** m2
                **title:** Bad
                **content:** c
                **metadata.count:number:** four
                """, StandardCharsets.UTF_8);

        // when
        ImportResult result = importFile(md, "contexts", Map.of("errorHandling", "lenient"));

        // then: text stays text; a typed label is read as its type, and a value not of it is a record error
        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(stored("m1", "metadata")).isEqualTo(mapper.readTree("""
                {"count": "4", "price": "4.50", "owner": "null", "flag": "true", "big": "1e3", "list": "[1,2]",
                 "typed": 4.50, "yes": true, "data": {"a": [1, null]}}"""));
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'm1'", String.class)).contains("\"typed\":4.50");
        assertThat(stored("m1", "tags")).isEqualTo(mapper.readTree("[\"[draft]\", \"4\"]"));
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.error()).isEqualTo("the value of 'metadata.count:number' (line 24) must be a number, not 'four'");
        });
        assertThat(count("contexts")).isEqualTo(1);
    }

    private ObjectNode context(String id, String metadata, String tags) throws IOException {
        ObjectNode record = mapper.createObjectNode().put("id", id).put("title", "T " + id).put("content", "c");
        record.set("tags", mapper.readTree(tags));
        record.set("metadata", mapper.readTree(metadata));
        return record;
    }

    private JsonNode stored(String id, String column) throws IOException {
        return mapper.readTree(jdbc.queryForObject("SELECT " + column + " FROM contexts WHERE id = ?", String.class, id));
    }

    private Path python(String name, List<List<String>> rows) throws IOException, InterruptedException {
        Tools.require("python3");
        Path input = Files.writeString(work.resolve(name + ".json"), mapper.writeValueAsString(rows));
        Path output = work.resolve(name);
        Process process = new ProcessBuilder("python3", "-c", PYTHON_CSV).redirectInput(input.toFile())
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor()).isZero();
        return output;
    }
}
