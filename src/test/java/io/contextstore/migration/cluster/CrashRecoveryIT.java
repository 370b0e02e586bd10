package io.contextstore.migration.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service killed with SIGKILL in the middle of an inbox import, then started again: every record
 * ends up stored exactly once and the file archived once.
 */
class CrashRecoveryIT extends ClusterSupport {

    private static final int RECORDS = 200_000;

    @Test
    void shouldStoreEveryRecordExactlyOnceAfterAKillMidImport() throws Exception {
        String[] settings = {
                "--migration.inbox.poll-delay-ms=300", "--migration.inbox.stable-ms=500",
                "--migration.inbox.lock-max-age=4s", "--migration.inbox.checkpoint-every=300ms",
                "--migration.operations.stale-after=1s", "--migration.operations.heartbeat=250ms"};
        Path staged = contexts("crash", RECORDS);
        Map<String, Object> row;
        try (ServiceProcess first = ServiceProcess.start("first", dataDir, schema, root.resolve("first"), settings)) {
            first.awaitUp(Duration.ofMinutes(2));
            Files.writeString(inbox("contexts").resolve(".options.yaml"), "errorHandling: lenient\nbatchSize: 500\n");
            drop("contexts", "crash.ndjson", staged);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Long committed = jdbc.queryForObject("SELECT MAX(checkpoint_records) FROM " + schema + ".operations",
                        Long.class);
                return committed != null && committed >= 30_000;
            });
            first.kill();
            row = jdbc.queryForMap("SELECT id, status, checkpoint_records, checkpoint_counts FROM " + schema
                    + ".operations");
        }
        long checkpoint = ((Number) row.get("checkpoint_records")).longValue();
        assertThat(row.get("status")).isEqualTo("running");
        assertThat(checkpoint).as("killed in the middle").isLessThan(RECORDS);
        assertThat(count("contexts")).as("what is stored is exactly what the checkpoint says")
                .isEqualTo(new ObjectMapper().readTree((String) row.get("checkpoint_counts")).get("successful").asLong());
        assertThat(inbox("contexts").resolve("crash.ndjson")).exists();

        Path report = dataDir.resolve("reports").resolve("crash.ndjson.report.json");
        try (ServiceProcess second = ServiceProcess.start("second", dataDir, schema, root.resolve("second"), settings)) {
            second.awaitUp(Duration.ofMinutes(2));
            await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(report)
                    && Files.exists(archiveToday().resolve("crash.ndjson")));
            assertThat(second.output()).contains("marked interrupted");
        }

        JsonNode result = new ObjectMapper().readTree(report.toFile());
        assertThat(result.get("operationId").asText()).isEqualTo(row.get("id"));
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("totalRecords").asLong()).isEqualTo(RECORDS);
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(RECORDS);
        assertThat(result.get("duplicateRecords").asLong()).as("no record written twice").isZero();
        assertThat(result.get("message").asText()).contains("resumed after an interruption at record " + (checkpoint + 1));
        assertThat(count("contexts")).isEqualTo(RECORDS);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT id) FROM " + schema + ".contexts WHERE id LIKE 'crash-%'",
                Long.class)).isEqualTo(RECORDS);
        assertThat(count("operations")).isEqualTo(1);
        try (var archived = Files.list(archiveToday())) {
            assertThat(archived.map(p -> p.getFileName().toString())).containsExactly("crash.ndjson");
        }
        try (var left = Files.list(inbox("contexts"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".options.yaml");
        }
        try (var failed = Files.list(dataDir.resolve("error"))) {
            assertThat(failed).isEmpty();
        }
    }
}
