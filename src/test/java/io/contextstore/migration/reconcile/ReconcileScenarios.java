package io.contextstore.migration.reconcile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /reconcile: a file compared with the store as an import would read it, nothing written;
 * counts, the field paths that differ, the report, extraInStore. H2 and PostgreSQL.
 */
abstract class ReconcileScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";

    private static String context(String id, String title, String owner) {
        return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"content\":\"C " + id + "\",\"metadata\":{\"owner\":\""
                + owner + "\",\"count\":2}}\n";
    }

    @BeforeEach
    void storeFourContexts() throws Exception {
        Path stored = file("stored.ndjson", context("c-1", "T", "ann") + context("c-2", "T", "ann")
                + context("c-3", "T", "ann") + context("c-4", "T", "ann"));
        Reply imported = api.upload(API + "/import", OPERATOR_TOKEN, stored, Map.of("dataType", "contexts"));
        assertThat(imported.json().get("successfulRecords").asLong()).as(imported.body()).isEqualTo(4);
    }

    private Reply reconcile(Path file, Map<String, String> fields) throws Exception {
        return api.upload(API + "/reconcile", OPERATOR_TOKEN, file, fields);
    }

    @Test
    void shouldCountEqualDifferentMissingAndExtraRecordsNameTheFieldsAndWriteNothing() throws Exception {
        Path file = file("check.ndjson", context("c-1", "T", "ann")
                + "{\"id\":\"c-2\",\"title\":\"Changed\",\"content\":\"C c-2\",\"metadata\":{\"owner\":\"bob\",\"count\":2.0}}\n"
                + context("c-5", "T", "ann") + "{\"id\":\"c-3\",\"content\":\"no title\"}\n");
        var before = dumpStore();

        Reply reply = reconcile(file, Map.of("dataType", "contexts", "extraInStore", "true",
                "options", "{\"errorHandling\":\"lenient\"}"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json();
        String id = result.get("operationId").asText();
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("matches").asBoolean()).isFalse();
        assertThat(result.get("totalRecords").asLong()).isEqualTo(4);
        assertThat(result.get("equal").asLong()).isEqualTo(1);
        assertThat(result.get("different").asLong()).isEqualTo(1);
        assertThat(result.get("missingInStore").asLong()).isEqualTo(1);
        // c-3 is in the file, if not valid there: no extra record
        assertThat(result.get("extraInStore").asLong()).isEqualTo(1);
        assertThat(result.get("invalidRecords").asLong()).isEqualTo(1);
        assertThat(result.get("errors").get(0).get("record").asLong()).isEqualTo(4);
        assertThat(result.get("differences").toString()).isEqualTo("["
                + "{\"dataType\":\"contexts\",\"id\":\"c-2\",\"position\":2,\"status\":\"different\",\"fields\":[\"title\",\"metadata.owner\"]},"
                + "{\"dataType\":\"contexts\",\"id\":\"c-5\",\"position\":3,\"status\":\"missingInStore\"},"
                + "{\"dataType\":\"contexts\",\"id\":\"c-4\",\"status\":\"extraInStore\"}]");
        String name = "reconcile-" + id + ".ndjson";
        assertThat(result.get("report").toString()).isEqualTo("{\"name\":\"" + name + "\",\"records\":3,\"url\":\"" + API
                + "/reconciliations/" + id + "/files/" + name + "\"}");
        Reply report = api.get(result.get("report").get("url").asText(), OPERATOR_TOKEN);
        assertThat(report.status()).isEqualTo(200);
        List<String> lines = report.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(result.get("differences").get(0).toString());
        assertThat(api.get(result.get("report").get("url").asText(), VIEWER_TOKEN).status()).isEqualTo(404);
        assertThat(api.get(result.get("report").get("url").asText(), ADMIN_TOKEN).status()).isEqualTo(200);

        assertThat(dumpStore()).isEqualTo(before);
        assertThat(count("reconcile_seen")).isZero();
        JsonNode history = api.get(API + "/operations/history", OPERATOR_TOKEN).json();
        assertThat(history.findValuesAsText("type")).contains("reconcile");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'reconcile' AND operation_id = ?",
                Long.class, id)).isEqualTo(1);
    }

    @Test
    void shouldMatchAFileOfTheStoredRecordsInAnotherShapeThroughTheMapping() throws Exception {
        Path csv = file("same.csv", "key,name,body,metadata.owner,metadata.count:number\n"
                + "c-1,T,C c-1,ann,2\nc-2,T,C c-2,ann,2.00\n");

        Reply reply = reconcile(csv, Map.of("dataType", "contexts",
                "options", "{\"mapping\":{\"fieldMappings\":{\"key\":\"id\",\"name\":\"title\",\"body\":\"content\"}}}"));

        JsonNode result = reply.json();
        assertThat(result.path("matches").asBoolean()).as(reply.body()).isTrue();
        assertThat(result.get("equal").asLong()).isEqualTo(2);
        assertThat(result.get("extraInStore").isNull()).isTrue();
        assertThat(result.has("report")).isFalse();
        assertThat(result.get("message").asText()).isEqualTo("the file and the store hold the same records");
    }

    @Test
    void shouldCountTheWholeStoreAsExtraForAFileOfOnlyInvalidRecordsWithoutTakingTheirIdsForStoredOnes() throws Exception {
        Path file = file("invalid.ndjson", "{\"id\":\"c-1\",\"content\":\"no title\"}\n{\"id\":\"" + "x".repeat(300)
                + "\",\"title\":\"T\",\"content\":\"C\"}\n");

        JsonNode result = reconcile(file, Map.of("dataType", "contexts", "extraInStore", "true")).json();

        assertThat(result.get("invalidRecords").asLong()).as(result.toString()).isEqualTo(2);
        assertThat(result.get("equal").asLong()).isZero();
        // c-1 is in the file, if not valid there
        assertThat(result.get("extraInStore").asLong()).isEqualTo(3);
        assertThat(result.get("differences").findValuesAsText("id")).containsExactly("c-2", "c-3", "c-4");
        assertThat(count("reconcile_seen")).isZero();
    }

    @Test
    void shouldNotCompareFieldsTheFileLeavesToTheirDefaultsOrKeepsAndRefuseABadExtraInStore() throws Exception {
        Path file = file("partial.ndjson", "{\"id\":\"c-1\",\"title\":\"T\",\"content\":\"C c-1\"}\n");

        JsonNode result = reconcile(file, Map.of("dataType", "contexts")).json();
        assertThat(result.get("equal").asLong()).as(result.toString()).isEqualTo(1);

        Reply bad = reconcile(file, Map.of("dataType", "contexts", "extraInStore", "yes"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).isEqualTo("extraInStore must be true or false, not 'yes'");
        Reply viewer = api.upload(API + "/reconcile", VIEWER_TOKEN, file, Map.of("dataType", "contexts"));
        assertThat(viewer.status()).isEqualTo(403);
    }
}
