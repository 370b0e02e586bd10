package io.contextstore.migration.importing;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Import options maxErrors and maxErrorRate: once exceeded the import fails, nothing of it stays
 * stored (also what an inbox import had committed at its checkpoints), and the result says which
 * budget was exceeded at which record; REST and the inbox, H2 and PostgreSQL.
 */
abstract class ErrorBudgetScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";

    /** {@code count} valid contexts, and at each position of {@code bad} (1-based) one without a title. */
    private Path file(String name, int count, Set<Integer> bad) throws Exception {
        Path file = work.resolve(name);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= count; i++) {
                out.write(bad.contains(i) ? "{\"id\":\"bad-" + i + "\",\"content\":\"no title\"}\n"
                        : "{\"id\":\"c-" + i + "\",\"title\":\"T\",\"content\":\"C " + i + "\"}\n");
            }
        }
        return file;
    }

    private Reply importWith(Path file, String options) throws Exception {
        return api.upload(API + "/import", OPERATOR_TOKEN, file, Map.of("dataType", "contexts", "options", options));
    }

    @Test
    void shouldFailAndStoreNothingOnceMoreRecordsAreRefusedThanMaxErrors() throws Exception {
        Reply reply = importWith(file("ten.ndjson", 10, Set.of(3, 5, 7)), "{\"errorHandling\":\"lenient\",\"maxErrors\":2}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        JsonNode result = reply.json();
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("message").asText()).isEqualTo("error budget: maxErrors 2 exceeded at record 7: 3 records "
                + "refused; the import was rolled back, nothing was stored");
        assertThat(result.get("budgetExceeded").toString())
                .isEqualTo("{\"budget\":\"maxErrors\",\"limit\":2,\"atRecord\":7,\"refused\":3}");
        assertThat(result.get("successfulRecords").asLong()).isZero();
        assertThat(result.get("failedRecords").asLong()).isEqualTo(3);
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldCompleteWithErrorsWithinTheBudgetsAndSayNothingOfThem() throws Exception {
        Reply reply = importWith(file("ok.ndjson", 300, Set.of(10, 150, 290)),
                "{\"errorHandling\":\"skip-errors\",\"maxErrors\":3,\"maxErrorRate\":0.05}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(reply.json().has("budgetExceeded")).isFalse();
        assertThat(count("contexts")).isEqualTo(297);
    }

    @Test
    void shouldCheckTheErrorRateAtTheHundredthRecordAndAtEachRefusalAfterIt() throws Exception {
        Set<Integer> early = Set.of(2, 4, 6, 8, 10, 12);
        Reply atHundred = importWith(file("early.ndjson", 300, early), "{\"errorHandling\":\"lenient\",\"maxErrorRate\":0.05}");

        assertThat(atHundred.status()).as(atHundred.body()).isEqualTo(422);
        assertThat(atHundred.json().get("budgetExceeded").toString())
                .isEqualTo("{\"budget\":\"maxErrorRate\",\"limit\":0.05,\"atRecord\":100,\"refused\":6}");
        assertThat(atHundred.json().get("message").asText()).startsWith("error budget: maxErrorRate 0.05 exceeded at "
                + "record 100: 6 of 100 records refused;");

        // from record 201 on every record is refused: 11 > 0.05 × 211 is the first refusal over the rate
        Set<Integer> late = new java.util.HashSet<>();
        for (int i = 201; i <= 300; i++) {
            late.add(i);
        }
        Reply later = importWith(file("late.ndjson", 300, late), "{\"errorHandling\":\"lenient\",\"maxErrorRate\":0.05}");

        assertThat(later.status()).isEqualTo(422);
        assertThat(later.json().get("budgetExceeded").toString())
                .isEqualTo("{\"budget\":\"maxErrorRate\",\"limit\":0.05,\"atRecord\":211,\"refused\":11}");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldRefuseBudgetsOutOfRange() throws Exception {
        Path file = file("one.ndjson", 1, Set.of());
        Map<String, String> refused = Map.of(
                "{\"maxErrors\":-1}", "maxErrors must be 0 or more, not -1",
                "{\"maxErrorRate\":1.5}", "maxErrorRate must be between 0 and 1, not 1.5");
        for (var options : refused.entrySet()) {
            Reply reply = importWith(file, options.getKey());
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.json().get("message").asText()).isEqualTo(options.getValue());
        }
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldTakeBackWhatAnInboxImportCommittedAtItsCheckpointsWhenItsBudgetIsExceeded() throws Exception {
        TestRecords.writeNdjson(work.resolve("stored.ndjson"), TestRecords.contexts(10, 4));
        assertThat(api.upload(API + "/import", OPERATOR_TOKEN, work.resolve("stored.ndjson"),
                Map.of("dataType", "contexts")).status()).isEqualTo(200);
        var before = dump("contexts", true);
        // the ten stored records overwritten first, then enough records for several checkpoints, then three refused
        Path file = work.resolve("big.ndjson");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (var record : TestRecords.contexts(10, 5)) {
                out.write(record.put("content", "overwritten").toString() + "\n");
            }
            for (int i = 1; i <= 120_000; i++) {
                out.write("{\"id\":\"n-" + i + "\",\"title\":\"T\",\"content\":\"C " + i + "\"}\n");
            }
            for (int i = 1; i <= 3; i++) {
                out.write("{\"id\":\"bad-" + i + "\",\"content\":\"no title\"}\n");
            }
        }
        Path options = Files.writeString(folders.inbox().resolve("contexts").resolve(".options.yaml"),
                "errorHandling: lenient\noverwriteExisting: true\nskipDuplicates: false\nmaxErrors: 2\n");
        try {
            drop("contexts", "big.ndjson", Files.readAllBytes(file));
            Path errorReport = folders.error().resolve("big.ndjson.error.json");
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(errorReport));

            JsonNode result = mapper.readTree(folders.reports().resolve("big.ndjson.report.json").toFile());
            assertThat(mapper.readTree(errorReport.toFile()).get("message").asText()).contains("maxErrors 2 exceeded");
            assertThat(result.get("status").asText()).isEqualTo("failed");
            assertThat(result.get("budgetExceeded").toString())
                    .isEqualTo("{\"budget\":\"maxErrors\",\"limit\":2,\"atRecord\":120013,\"refused\":3}");
            assertThat(result.get("message").asText()).matches("error budget: maxErrors 2 exceeded at record 120013: 3 "
                    + "records refused; the \\d+ records it had committed were taken back \\(\\d+ deleted, 10 restored\\)");
            assertThat(result.get("successfulRecords").asLong()).isZero();
            assertThat(dump("contexts", true)).isEqualTo(before);
            assertThat(count("contexts_before")).isZero();
            Reply undo = api.post(API + "/operations/" + result.get("operationId").asText() + "/undo", ADMIN_TOKEN, Map.of());
            assertThat(undo.status()).isEqualTo(409);
            assertThat(undo.json().get("message").asText()).endsWith("exceeded its error budget and what it had "
                    + "committed was taken back then; nothing of it is left to undo");
        } finally {
            Files.deleteIfExists(options);
        }
    }
}
