package io.contextstore.migration.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every format both ways, on generated data with awkward values; run on H2 and PostgreSQL. */
abstract class FormatScenarios extends ScenarioSupport {

    static final List<String> FORMATS = List.of("json", "ndjson", "csv", "xml", "yaml", "markdown");
    static final Map<String, Object> EVERYTHING = Map.of("includeMetadata", true, "includeBinaryData", true);

    static Stream<Arguments> formatsAndTypes() {
        return FORMATS.stream().flatMap(f -> Stream.of("contexts", "sessions", "templates").map(t -> Arguments.of(f, t)));
    }

    private void seed() throws Exception {
        load("contexts", TestRecords.awkwardContexts(240, 5));
        load("sessions", TestRecords.sessions(40));
        load("templates", TestRecords.templates(15));
    }

    private void load(String dataType, List<ObjectNode> records) throws Exception {
        ImportResult loaded = importFile(TestRecords.writeNdjson(work.resolve(dataType + "-seed.ndjson"), records),
                dataType, Map.of("batchSize", 50));
        assertThat(loaded.status()).as(loaded.message()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(loaded.successfulRecords()).isEqualTo(records.size());
    }

    private Path copyOut(ExportResult result) throws Exception {
        assertThat(result.status()).as(result.message()).isEqualTo(OperationStatus.COMPLETED);
        Path copy = work.resolve(result.files().get(0).name());
        Files.copy(exported(result), copy);
        return copy;
    }

    private void emptyStore() {
        STORE_TABLES.forEach(t -> jdbc.update("DELETE FROM " + t));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndTypes")
    void shouldRoundTripEveryFormatAndDataTypeFieldByField(String format, String dataType) throws Exception {
        seed();
        var before = dump(dataType);

        Path file = copyOut(export(dataType, Map.of("format", format, "includeMetadata", true,
                "includeBinaryData", true)));
        emptyStore();
        ImportResult back = importFile(file, dataType, Map.of("batchSize", 100));

        assertThat(back.status()).as("%s %s", back.errors(), back.validationErrors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(back.detected().format()).isEqualTo(format);
        assertThat(back.successfulRecords()).isEqualTo(before.size());
        assertThat(dump(dataType)).isEqualTo(before);
    }

    @Test
    void shouldCarryRecordsAcrossEveryFormatInTurn() throws Exception {
        seed();
        var original = dumpStore();

        for (String format : List.of("csv", "xml", "yaml", "markdown", "ndjson", "json")) {
            for (String dataType : STORE_TABLES) {
                Path file = copyOut(export(dataType, Map.of("format", format, "includeMetadata", true,
                        "includeBinaryData", true)));
                jdbc.update("DELETE FROM " + dataType);
                ImportResult back = importFile(file, dataType, null);
                assertThat(back.status()).as("%s %s: %s", format, dataType, back.errors())
                        .isEqualTo(OperationStatus.COMPLETED);
            }
        }

        assertThat(dumpStore()).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv", "xml", "yaml", "markdown"})
    void shouldExportAllTypesInOneFileAndDetectThemOnImport(String format) throws Exception {
        seed();
        var original = dumpStore();

        ExportResult all = export("all", Map.of("format", format, "includeMetadata", true, "includeBinaryData", true));
        Path file = copyOut(all);
        emptyStore();
        ImportResult back = importFile(file, "auto-detect", null);

        assertThat(all.recordCount()).isEqualTo(295);
        assertThat(file.getFileName().toString()).endsWith(format.equals("csv") ? ".csv.zip"
                : format.equals("markdown") ? ".md" : "." + format);
        assertThat(back.status()).as("%s", back.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(back.dataType()).isEqualTo("all");
        assertThat(back.detected().dataType()).isEqualTo("all");
        assertThat(back.detected().compression()).isEqualTo(format.equals("csv") ? "zip" : "none");
        assertThat(dumpStore()).isEqualTo(original);
    }

    @Test
    void shouldHeadAMarkdownExportOfOneTypeWithItsSectionOnce() throws Exception {
        seed();

        String contexts = Files.readString(copyOut(export("contexts", Map.of("format", "markdown", "includeMetadata", false))));
        String all = Files.readString(copyOut(export("all", Map.of("format", "markdown", "includeMetadata", false))));

        assertThat(contexts).startsWith("# contexts\n\n## Item 1\n\n");
        assertThat(contexts.lines().filter(l -> l.startsWith("# "))).containsExactly("# contexts");
        assertThat(all.lines().filter(l -> l.startsWith("# "))).containsExactly("# contexts", "# sessions", "# templates");
    }

    @Test
    void shouldTellEachRecordsTypeByItsShapeWhenAskedToDetect() throws Exception {
        Path sessions = TestRecords.writeNdjson(work.resolve("people.ndjson"), TestRecords.sessions(5));
        Path templates = TestRecords.writeNdjson(work.resolve("t.txt"), TestRecords.templates(3));

        ImportResult s = importFile(sessions, "auto-detect", null);
        ImportResult t = importFile(templates, "auto-detect", null);

        assertThat(s.dataType()).isEqualTo("sessions");
        assertThat(s.detected().dataType()).isEqualTo("sessions");
        assertThat(t.dataType()).isEqualTo("templates");
        assertThat(t.detected().format()).isEqualTo("ndjson");
        assertThat(count("sessions")).isEqualTo(5);
        assertThat(count("templates")).isEqualTo(3);
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldLeaveMetadataOutOfEveryFormatWhenNotIncluded() throws Exception {
        seed();
        for (String format : FORMATS) {
            Path file = copyOut(export("contexts", Map.of("format", format, "includeMetadata", false)));
            String text = Files.readString(file);
            assertThat(text).as(format).doesNotContain("importance").doesNotContain("exportedAt");
        }
        Path xml = copyOut(export("contexts", Map.of("format", "xml", "includeMetadata", true)));
        assertThat(Files.readString(xml)).contains("recordCount=\"240\"").contains("<importance>");
    }
}
