package io.contextstore.migration.importing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * overwriteExisting with the fields an export leaves out by option: absent from the input they keep
 * their stored value, present (also as null or empty) they replace it; every other field is
 * replaced. Run against H2 and PostgreSQL by the subclasses.
 */
abstract class OverwriteScenarios extends ScenarioSupport {

    private static final String CONTEXTS = """
            [{"id":"c-1","title":"Alpha","content":"first","tags":["a","b"],"metadata":{"importance":"high","source":"crm","n":3},
              "attachments":[{"name":"a.bin","contentType":"application/octet-stream","data":"AAEC"}]},
             {"id":"c-2","title":"Beta","content":"second","metadata":{"importance":"low"},
              "attachments":[{"name":"b.txt","contentType":"text/plain","data":"aGk="},{"name":"c.txt","contentType":"text/plain","data":"eQ=="}]}]
            """;
    private static final String SESSIONS = """
            [{"id":"s-1","name":"Alpha","userId":"u-1","metadata":{"client":"web","depth":2}}]
            """;
    private static final Map<String, Object> OVERWRITE = Map.of("overwriteExisting", true);

    private List<Map<String, String>> storedContexts;
    private List<Map<String, String>> storedSessions;

    @BeforeEach
    void storeRecordsWithMetadataAndAttachments() throws Exception {
        assertThat(importFile(file("c.json", CONTEXTS), "contexts", null).successfulRecords()).isEqualTo(2);
        assertThat(importFile(file("s.json", SESSIONS), "sessions", null).successfulRecords()).isEqualTo(1);
        storedContexts = dump("contexts");
        storedSessions = dump("sessions");
        assertThat(storedContexts).allSatisfy(row -> assertThat(row.get("attachments")).startsWith("[{"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson", "csv", "xml", "yaml", "markdown"})
    void shouldKeepStoredAttachmentsWhenAnExportWithDefaultOptionsIsImportedBackOverTheStore(String format)
            throws Exception {
        Path file = exportedWithTitlesChanged("contexts", Map.of("format", format));

        ImportResult result = importFile(file, "contexts", OVERWRITE);

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.overwrittenRecords()).isEqualTo(2);
        assertThat(Files.readString(file)).doesNotContain("AAEC");
        assertThat(dump("contexts")).containsExactlyElementsOf(withTitlesChanged(storedContexts));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "ndjson", "csv", "xml", "yaml", "markdown"})
    void shouldKeepStoredMetadataAndAttachmentsWhenAnExportWithoutMetadataIsImportedBack(String format)
            throws Exception {
        Path contexts = exportedWithTitlesChanged("contexts", Map.of("format", format, "includeMetadata", false));
        Path sessions = exportedWithTitlesChanged("sessions", Map.of("format", format, "includeMetadata", false));

        ImportResult contextsResult = importFile(contexts, "contexts", OVERWRITE);
        ImportResult sessionsResult = importFile(sessions, "sessions", OVERWRITE);

        assertThat(contextsResult.overwrittenRecords()).isEqualTo(2);
        assertThat(sessionsResult.overwrittenRecords()).isEqualTo(1);
        assertThat(Files.readString(contexts)).doesNotContain("crm", "importance");
        assertThat(dump("contexts")).containsExactlyElementsOf(withTitlesChanged(storedContexts));
        assertThat(dump("sessions")).containsExactlyElementsOf(withTitlesChanged(storedSessions));
    }

    @Test
    void shouldReplaceWithAnEmptyListOrNullGivenInJson() throws Exception {
        ImportResult result = importFile(file("replace.json", """
                [{"id":"c-1","title":"Alpha","content":"first","attachments":[],"metadata":null},
                 {"id":"c-2","title":"Beta","content":"second","attachments":null,"metadata":{}}]
                """), "contexts", OVERWRITE);

        assertThat(result.overwrittenRecords()).isEqualTo(2);
        assertThat(stored("c-1")).containsExactly("[]", null, null, null);
        assertThat(stored("c-2")).containsExactly(null, "{}", null, null);
        assertThat(importFile(file("s.json", "[{\"id\":\"s-1\",\"name\":\"Alpha\",\"metadata\":null}]"), "sessions",
                OVERWRITE).overwrittenRecords()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT metadata FROM sessions", String.class)).containsOnlyNulls();
    }

    @Test
    void shouldReplaceWithAnEmptyCellOfAColumnTheCsvHas() throws Exception {
        ImportResult withColumns = importFile(file("replace.csv", """
                id,title,content,attachments,metadata
                c-1,Alpha,first,[],
                """), "contexts", OVERWRITE);
        ImportResult withDotColumns = importFile(file("dots.csv", """
                id,title,content,metadata.importance,metadata.source
                c-2,Beta,second,,
                """), "contexts", OVERWRITE);

        assertThat(withColumns.overwrittenRecords()).isEqualTo(1);
        assertThat(withDotColumns.overwrittenRecords()).isEqualTo(1);
        assertThat(stored("c-1")).containsExactly("[]", null, null, null);
        assertThat(stored("c-2").get(0)).startsWith("[{\"name\":\"b.txt\"");
        assertThat(stored("c-2").subList(1, 4)).containsOnlyNulls();
    }

    @Test
    void shouldReplaceWithAnEmptyOrNullElementOfXml() throws Exception {
        ImportResult result = importFile(file("replace.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <data>
                  <item><id>c-1</id><title>Alpha</title><content>first</content><attachments/><metadata type="null"/></item>
                  <item><id>c-2</id><title>Beta</title><content>second</content><metadata/></item>
                </data>
                """), "contexts", OVERWRITE);

        assertThat(result.overwrittenRecords()).isEqualTo(2);
        assertThat(stored("c-1")).containsExactly("[]", null, null, null);
        assertThat(stored("c-2").get(0)).startsWith("[{\"name\":\"b.txt\"");
        assertThat(stored("c-2").subList(1, 4)).containsExactly("{}", null, null);
    }

    @Test
    void shouldKeepWhatAMappingOrLaxValidationLeavesAbsent() throws Exception {
        Map<String, Object> dropUnmapped = Map.of("overwriteExisting", true, "mapping", Map.of(
                "fieldMappings", Map.of("key", "id", "name", "title", "text", "content"), "unmapped", "drop"));
        Map<String, Object> unmappedToMetadata = Map.of("overwriteExisting", true, "mapping", Map.of(
                "fieldMappings", Map.of("key", "id", "name", "title", "text", "content"), "unmapped", "metadata"));

        ImportResult dropped = importFile(file("drop.json",
                "[{\"key\":\"c-1\",\"name\":\"Alpha v2\",\"text\":\"first\",\"legacy\":1}]"), "contexts", dropUnmapped);
        ImportResult toMetadata = importFile(file("meta.json",
                "[{\"key\":\"c-2\",\"name\":\"Beta v2\",\"text\":\"second\"}]"), "contexts", unmappedToMetadata);
        ImportResult lax = importFile(file("lax.json", "[{\"id\":\"s-1\",\"name\":\"Alpha v2\",\"userId\":7}]"),
                "sessions", Map.of("overwriteExisting", true, "validateSchema", false));

        assertThat(List.of(dropped, toMetadata, lax)).extracting(ImportResult::overwrittenRecords)
                .containsExactly(1L, 1L, 1L);
        assertThat(stored("c-1").subList(0, 3)).containsExactlyElementsOf(storedColumns("c-1"));
        assertThat(stored("c-1").get(3)).isNull();
        assertThat(stored("c-2").subList(0, 3)).containsExactlyElementsOf(storedColumns("c-2"));
        assertThat(jdbc.queryForList("SELECT title FROM contexts ORDER BY id", String.class))
                .containsExactly("Alpha v2", "Beta v2");
        assertThat(dump("sessions").get(0)).containsEntry("metadata", storedSessions.get(0).get("metadata"))
                .containsEntry("name", "Alpha v2").containsEntry("user_id", "7");
    }

    /** attachments, metadata, importance, tags of a stored context. */
    private List<String> stored(String id) {
        return jdbc.queryForObject("SELECT attachments, metadata, importance, tags FROM contexts WHERE id = ?",
                (rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                id);
    }

    private List<String> storedColumns(String id) {
        Map<String, String> row = storedContexts.stream().filter(r -> r.get("id").equals(id)).findFirst().orElseThrow();
        return java.util.Arrays.asList(row.get("attachments"), row.get("metadata"), row.get("importance"));
    }

    /** An export as written, with every title "X" made "X v2" (the titles occur nowhere else). */
    private Path exportedWithTitlesChanged(String dataType, Map<String, Object> options) throws Exception {
        ExportResult result = export(dataType, options);
        assertThat(result.status()).as(result.message()).isEqualTo(OperationStatus.COMPLETED);
        String text = Files.readString(exported(result), StandardCharsets.UTF_8);
        for (String title : List.of("Alpha", "Beta")) {
            text = text.replace(title, title + " v2");
        }
        return Files.writeString(work.resolve(result.files().get(0).name()), text, StandardCharsets.UTF_8);
    }

    private static List<Map<String, String>> withTitlesChanged(List<Map<String, String>> rows) {
        return rows.stream().map(row -> {
            Map<String, String> changed = new java.util.LinkedHashMap<>(row);
            changed.computeIfPresent("title", (k, v) -> v + " v2");
            changed.computeIfPresent("name", (k, v) -> v + " v2");
            return changed;
        }).toList();
    }
}
