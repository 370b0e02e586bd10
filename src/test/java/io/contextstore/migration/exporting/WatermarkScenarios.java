package io.contextstore.migration.exporting;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose watermark an incremental export reads and moves: a schedule's is its own, every user has
 * names of their own, and a watermark covers one data type and one filter set. Schedules are run
 * through direct:export with the headers routes/schedule.camel.yaml sets; users over real HTTP.
 */
abstract class WatermarkScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";

    @Test
    void shouldExportToTheScheduleWhatWasWrittenSinceItsLastRunWhateverOthersExportUnderItsName() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), TestRecords.contexts(20, 1)), "contexts", null);
        assertThat(scheduleRun("nightly", "contexts", Map.of()).recordCount()).isEqualTo(20);
        writeChanges("ctx-000001", "ctx-000002", "ctx-000003");

        JsonNode operators = apiExport(OPERATOR_TOKEN, "contexts", Map.of("format", "ndjson", "incremental", "nightly"));
        ExportResult sameUserName = export("schedule:nightly", null, "contexts",
                Map.of("format", "ndjson", "incremental", "nightly"));
        ExportResult schedules = scheduleRun("nightly", "contexts", Map.of());

        assertThat(operators.get("status").asText()).isEqualTo("completed");
        assertThat(operators.get("recordCount").asLong()).isEqualTo(21);
        assertThat(operators.get("message").asText()).isEqualTo("incremental 'nightly': records written at any time (first run)");
        assertThat(sameUserName.recordCount()).isEqualTo(21);
        assertThat(schedules.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(ids(schedules)).containsExactly("ctx-000001", "ctx-000002", "ctx-000003", "new-1");
        assertThat(scheduleRun("nightly", "contexts", Map.of()).recordCount()).isZero();
        assertThat(jdbc.queryForList("SELECT owner FROM export_watermarks WHERE name = 'nightly' ORDER BY owner",
                String.class)).containsExactly("schedule:nightly", "user:olivia", "user:schedule:nightly");
    }

    @Test
    void shouldKeepTheSameNameOfTwoUsersApart() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), TestRecords.contexts(20, 1)), "contexts", null);
        Map<String, Object> nightly = Map.of("format", "ndjson", "incremental", "nightly");

        JsonNode oliviasFirst = apiExport(OPERATOR_TOKEN, "contexts", nightly);
        JsonNode adasFirst = apiExport(ADMIN_TOKEN, "contexts", nightly);
        JsonNode oliviasSecond = apiExport(OPERATOR_TOKEN, "contexts", nightly);
        writeChanges("ctx-000005");
        JsonNode adasSecond = apiExport(ADMIN_TOKEN, "contexts", nightly);
        JsonNode oliviasThird = apiExport(OPERATOR_TOKEN, "contexts", nightly);

        assertThat(oliviasFirst.get("recordCount").asLong()).isEqualTo(20);
        assertThat(adasFirst.get("recordCount").asLong()).isEqualTo(20);
        assertThat(oliviasSecond.get("recordCount").asLong()).isZero();
        assertThat(adasSecond.get("recordCount").asLong()).isEqualTo(2);
        assertThat(oliviasThird.get("recordCount").asLong()).isEqualTo(2);
    }

    @Test
    void shouldKeepAWatermarkPerDataTypeAndFilterSet() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), TestRecords.contexts(20, 1)), "contexts", null);
        importFile(TestRecords.writeNdjson(work.resolve("s.ndjson"), TestRecords.sessions(6)), "sessions", null);
        long high = jdbc.queryForObject("SELECT COUNT(*) FROM contexts WHERE importance = 'high'", Long.class);
        long highOrLow = jdbc.queryForObject("SELECT COUNT(*) FROM contexts WHERE importance IN ('high', 'low')",
                Long.class);

        JsonNode contexts = apiExport(OPERATOR_TOKEN, "contexts", Map.of("incremental", "nightly"));
        JsonNode sessions = apiExport(OPERATOR_TOKEN, "sessions", Map.of("incremental", "nightly"));
        JsonNode onlyHigh = apiExport(OPERATOR_TOKEN, "contexts", Map.of("incremental", "nightly",
                "filters", Map.of("importance", List.of("high"))));
        JsonNode highAndLow = apiExport(OPERATOR_TOKEN, "contexts", Map.of("incremental", "nightly",
                "filters", Map.of("importance", List.of("high", "low"))));
        JsonNode lowAndHigh = apiExport(OPERATOR_TOKEN, "contexts", Map.of("incremental", "nightly",
                "filters", Map.of("importance", List.of("low", "high", "low"))));
        JsonNode contextsAgain = apiExport(OPERATOR_TOKEN, "contexts", Map.of("incremental", "nightly"));

        assertThat(high).isPositive();
        assertThat(contexts.get("recordCount").asLong()).isEqualTo(20);
        assertThat(sessions.get("recordCount").asLong()).isEqualTo(6);
        assertThat(onlyHigh.get("recordCount").asLong()).isEqualTo(high);
        assertThat(highAndLow.get("recordCount").asLong()).isEqualTo(highOrLow);
        assertThat(lowAndHigh.get("recordCount").asLong()).isZero();
        assertThat(contextsAgain.get("recordCount").asLong()).isZero();
        assertThat(scheduleRun("nightly", "sessions", Map.of()).recordCount()).isEqualTo(6);
    }

    /** Three stored contexts changed and one new, written after whatever ran before. */
    private void writeChanges(String... changedIds) throws Exception {
        List<ObjectNode> changes = new ArrayList<>();
        for (String id : changedIds) {
            changes.add((ObjectNode) mapper.readTree("{\"id\":\"" + id + "\",\"title\":\"changed\",\"content\":\"c\"}"));
        }
        changes.add((ObjectNode) mapper.readTree("{\"id\":\"new-1\",\"title\":\"t\",\"content\":\"c\"}"));
        assertThat(importFile(TestRecords.writeNdjson(work.resolve("changes-" + changes.size() + ".ndjson"), changes),
                "contexts", Map.of("overwriteExisting", true)).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    /** A run of schedule {@code name} with {@code incremental: true}, as its route makes it. */
    private ExportResult scheduleRun(String name, String dataType, Map<String, Object> options) {
        Map<String, Object> withIncremental = new HashMap<>(options);
        withIncremental.put("format", "ndjson");
        withIncremental.put("incremental", name);
        return export("schedule:" + name, name, dataType, withIncremental);
    }

    private ExportResult export(String user, String schedule, String dataType, Map<String, Object> options) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(MigrationHeaders.DATA_TYPE, dataType);
        headers.put(MigrationHeaders.USER, user);
        headers.put(MigrationHeaders.OPTIONS, options);
        if (schedule != null) {
            headers.put(MigrationHeaders.SCHEDULE, schedule);
        }
        return producer.requestBodyAndHeaders("direct:export", null, headers, ExportResult.class);
    }

    private JsonNode apiExport(String token, String dataType, Map<String, Object> options) throws Exception {
        ApiClient.Reply reply = api.post(API + "/export", token, Map.of("dataType", dataType, "options", options));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private List<String> ids(ExportResult result) throws Exception {
        assertThat(Files.exists(exported(result))).isTrue();
        return readRecords(exported(result)).stream().map(r -> r.get("id").asText()).toList();
    }
}
