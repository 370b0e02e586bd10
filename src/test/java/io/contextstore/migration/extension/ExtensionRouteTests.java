package io.contextstore.migration.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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

    @Autowired
    private MeterRegistry meters;

    static {
        try {
            Files.createDirectories(ROUTES);
            String readme = Files.readString(Path.of("README.md"));
            for (String name : List.of("import-steps.camel.yaml", "crm-inbox.camel.yaml")) {
                Files.writeString(ROUTES.resolve(name), block(readme, "`routes/" + name + "`:"));
            }
            // the record data formats by name, in a route of one's own
            Files.writeString(ROUTES.resolve("csv-to-json.camel.yaml"), """
                    - route:
                        id: csv-to-json
                        from:
                          uri: direct:csv-to-json
                          steps:
                            - unmarshal:
                                custom:
                                  ref: csv
                            - marshal:
                                custom:
                                  ref: json
                    """);
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
        // a record a step leaves out is skipped on purpose, no error
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("totalRecords").asLong()).isEqualTo(3);
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(result.get("skippedRecords").asLong()).isEqualTo(1);
        assertStoredFromCrm();
    }

    @Test
    void shouldSetTheSourceAndDropDraftsInARestImport() throws Exception {
        Path file = file("crm.ndjson", RECORDS);
        double readBefore = stage("read");
        double storedBefore = stage("stored");

        var reply = api.upload("/api/data-migration/import", OPERATOR_TOKEN, file,
                Map.of("dataType", "contexts", "options", "{\"errorHandling\":\"lenient\"}"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("completed");
        assertThat(reply.json().get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(reply.json().get("skippedRecords").asLong()).isEqualTo(1);
        assertStoredFromCrm();
        // the route meters count the records of each stage
        assertThat(stage("read") - readBefore).isEqualTo(3.0);
        assertThat(stage("stored") - storedBefore).isEqualTo(2.0);
        // and each batch is an exchange of the import-batch route, timed by Camel's route meters
        assertThat(meters.find("camel.route.policy").tag("routeId", "import-batch").timer()).isNotNull();
    }

    private double stage(String stage) {
        Counter counter = meters.find("migration.route.records").tags("route", "import", "stage", stage).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldUnmarshalAndMarshalWithTheRecordDataFormatsInARouteOfOnesOwn() throws Exception {
        String json = producer.requestBody("direct:csv-to-json",
                "id,title,content,metadata.count:number\na-1,\"One, two\",x,1.50\n", String.class);

        assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree(
                "[{\"id\":\"a-1\",\"title\":\"One, two\",\"content\":\"x\",\"metadata\":{\"count\":1.50}}]"));
    }

    @Test
    void shouldMoveAFileOfTheCrmFolderWhoseImportFailedToFailed() throws Exception {
        Path crm = cleanCrmFolder();
        Files.move(Files.writeString(work.resolve("broken.json"), "[{\"id\": "), crm.resolve("broken.json"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(crm.resolve(".failed/broken.json")));
        assertThat(crm.resolve(".done/broken.json")).doesNotExist();
        assertThat(count("contexts")).isZero();
    }

    private Path cleanCrmFolder() throws IOException {
        Path crm = Path.of(folders.inbox().getParent().toString(), "crm");
        if (Files.exists(crm)) {
            try (var old = Files.walk(crm)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return Files.createDirectories(crm);
    }

    @Test
    void shouldImportWhatIsDroppedIntoTheCrmFolderAsContextsByCrm() throws Exception {
        Path crm = cleanCrmFolder();
        Path staged = Files.writeString(work.resolve("export.ndjson"), RECORDS);
        Files.move(staged, crm.resolve("export.ndjson"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(crm.resolve(".done/export.ndjson")));
        assertStoredFromCrm();
        assertThat(jdbc.queryForObject("SELECT username FROM operations WHERE type = 'import'", String.class))
                .isEqualTo("crm");
    }
}
