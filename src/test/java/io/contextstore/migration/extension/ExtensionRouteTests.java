package io.contextstore.migration.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The two route files of the README's "Adding a step to the pipeline", taken from the README as
 * written and loaded beside the packaged routes: a step in every import (inbox and REST), and an
 * entry point of one's own (the crm folder).
 */
@OnH2
@TestPropertySource(properties = {
        "migration.data-dir=target/test-data/extension",
        "migration.routes-location=classpath:routes/*.camel.yaml,file:target/extension-routes/*.camel.yaml"})
class ExtensionRouteTests extends ScenarioSupport {

    private static final Path ROUTES = Path.of("target/extension-routes");

    static {
        try {
            Files.createDirectories(ROUTES);
            String readme = Files.readString(Path.of("README.md"));
            for (String name : List.of("import-steps.camel.yaml", "crm-inbox.camel.yaml")) {
                Files.writeString(ROUTES.resolve(name), block(readme, "`routes/" + name + "`:"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The yaml code block after the line that names the file. */
    private static String block(String readme, String title) {
        int at = readme.indexOf(title);
        assertThat(at).as(title + " in the README").isPositive();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static final String RECORDS = """
            {"id":"crm-1","title":"One","content":"first","type":"note","metadata":{"source":"web"}}
            {"id":"crm-2","title":"Two","content":"second","type":"draft"}
            {"id":"crm-3","title":"Three","content":"third"}
            """;

    private void assertStoredFromCrm() {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, metadata FROM contexts ORDER BY id");
        assertThat(rows).extracting(r -> r.get("ID") != null ? r.get("ID") : r.get("id"))
                .containsExactly("crm-1", "crm-3");
        for (Map<String, Object> row : rows) {
            Object metadata = row.get("METADATA") != null ? row.get("METADATA") : row.get("metadata");
            assertThat(metadata.toString()).contains("\"source\":\"crm\"");
        }
    }

    @Test
    void shouldSetTheSourceAndDropDraftsInAnInboxImport() throws Exception {
        drop("contexts", "crm.ndjson", RECORDS.getBytes());

        Path report = folders.reports().resolve("crm.ndjson.report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
        JsonNode result = mapper.readTree(report.toFile());
        assertThat(result.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(result.get("totalRecords").asLong()).isEqualTo(3);
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(result.get("skippedRecords").asLong()).isEqualTo(1);
        assertStoredFromCrm();
    }

    @Test
    void shouldSetTheSourceAndDropDraftsInARestImport() throws Exception {
        Path file = file("crm.ndjson", RECORDS);

        var reply = api.upload("/api/data-migration/import", OPERATOR_TOKEN, file,
                Map.of("dataType", "contexts", "options", "{\"errorHandling\":\"lenient\"}"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(reply.json().get("skippedRecords").asLong()).isEqualTo(1);
        assertStoredFromCrm();
    }

    @Test
    void shouldImportWhatIsDroppedIntoTheCrmFolderAsContextsByCrm() throws Exception {
        Path crm = Path.of(folders.inbox().getParent().toString(), "crm");
        if (Files.exists(crm)) {
            try (var old = Files.walk(crm)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(crm);
        Path staged = Files.writeString(work.resolve("export.ndjson"), RECORDS);
        Files.move(staged, crm.resolve("export.ndjson"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(crm.resolve(".done/export.ndjson")));
        assertStoredFromCrm();
        assertThat(jdbc.queryForObject("SELECT username FROM operations WHERE type = 'import'", String.class))
                .isEqualTo("crm");
    }
}
