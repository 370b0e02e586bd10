package io.contextstore.migration.formats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.crypto.AeadKey;
import io.contextstore.migration.crypto.SegmentedAead;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Budgets in bytes, not only counts: what a record may expand to, what the listed errors may take,
 * how large a request body may be, how much content a batch holds, what key derivation a file may
 * demand. The batch and listed-error budgets are set small here; the others keep their defaults.
 */
@TestPropertySource(properties = {
        "migration.limits.max-batch-bytes=256KB",
        "migration.limits.max-listed-error-bytes=64KB"})
abstract class BudgetScenarios extends ScenarioSupport {

    private static final String PASSPHRASE = "correct horse battery staple";

    @Autowired
    MeterRegistry meters;

    private static String context(String id) {
        return "- id: " + id + "\n  title: a title\n  content: some content\n";
    }

    @Test
    void shouldRefuseAYamlAliasBombAtOnceWithARecordErrorAndImportTheRest() throws Exception {
        // given about 1 MB of YAML whose first record names a 200 KB string 4,000 times (800 MB expanded)
        StringBuilder yaml = new StringBuilder("- id: bomb\n  title: t\n  content: c\n  tags: &s [\"")
                .append("z".repeat(200 * 1024)).append("\"]\n  metadata:\n");
        for (int i = 0; i < 4_000; i++) {
            yaml.append("    k").append(i).append(": *s\n");
        }
        yaml.append("    filler: \"").append("f".repeat(750 * 1024)).append("\"\n").append(context("after"));
        Path file = file("bomb.yaml", yaml.toString());

        // when
        ImportResult result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> importFile(file, "contexts", "{\"errorHandling\":\"lenient\"}"));

        // then
        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(result.totalRecords()).isEqualTo(2);
        assertThat(result.failedRecords()).isEqualTo(1);
        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(1);
            assertThat(e.error()).isEqualTo("the record expands to more than 16 MB (migration.limits.max-record-bytes): "
                    + "YAML aliases count the size of what they stand for each time they are used (an alias bomb?)");
            // the record as written, aliases unexpanded, cut short as listed data is
            assertThat(e.data()).startsWith("- id: bomb\n  title: t\n");
        });
        assertThat(jdbc.queryForList("SELECT id FROM contexts", String.class)).containsExactly("after");
    }

    @Test
    void shouldRefuseAnEncryptedFileDemandingThreeMillionPbkdf2Iterations() throws Exception {
        // given a file sealed with a passphrase whose header was changed to demand 3,000,000 iterations
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = SegmentedAead.encrypt(sealed, AeadKey.of(PASSPHRASE))) {
            out.write("[{\"id\":\"a\",\"title\":\"t\",\"content\":\"c\"}]".getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = sealed.toByteArray();
        ByteBuffer.wrap(bytes, 9, 4).putInt(3_000_000);
        Path file = file("demanding.json.enc", bytes);

        // when
        ImportResult result = importFile(file, "contexts", "{\"encryption\":{\"key\":\"" + PASSPHRASE + "\"}}");

        // then
        assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(result.message()).startsWith("decryption refused: the file's header demands 3000000 PBKDF2 "
                + "iterations, outside 600000..2000000 (migration.limits.max-pbkdf2-iterations)");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldCutValuesQuotedInValidationErrors() throws Exception {
        // given a record with a 10 KB unknown field name and a 10 KB date
        String name = "n".repeat(10_000);
        String date = "d".repeat(10_000);
        Path file = file("long.json", "[{\"id\":\"a\",\"title\":\"t\",\"content\":\"c\",\"createdAt\":\"" + date + "\",\""
                + name + "\":1}]");

        // when
        ImportResult result = importFile(file, "contexts", "{\"errorHandling\":\"lenient\"}");

        // then
        assertThat(result.failedRecords()).isEqualTo(1);
        assertThat(result.validationErrors()).extracting(ValidationError::rule).containsExactlyInAnyOrder("format", "unknown");
        for (ValidationError e : result.validationErrors()) {
            assertThat(e.message().length()).isLessThan(500);
            assertThat(e.message()).contains("…");
        }
        ValidationError unknown = result.validationErrors().stream().filter(e -> e.rule().equals("unknown")).findFirst()
                .orElseThrow();
        assertThat(unknown.field()).isEqualTo("n".repeat(200) + "…");
        assertThat(unknown.message()).isEqualTo("'" + "n".repeat(200) + "…' is not a field of contexts");
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.error().length()).isLessThanOrEqualTo(1001));
    }

    @Test
    void shouldStopListingErrorsAtTheByteBudgetAndKeepTheCountsExact() throws Exception {
        // given 200 records that each fail with 4 KB of data kept: 800 KB of errors, 64 KB allowed
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            ndjson.append("{\"id\":\"r").append(i).append("\",\"title\":\"t\",\"content\":\"c\",\"pad\":\"")
                    .append("p".repeat(5000)).append("\"}\n");
        }
        Path file = file("many.ndjson", ndjson.toString());

        // when
        ImportResult result = importFile(file, "contexts", "{\"errorHandling\":\"lenient\"}");

        // then
        assertThat(result.failedRecords()).isEqualTo(200);
        assertThat(result.totalRecords()).isEqualTo(200);
        assertThat(result.errors()).hasSizeBetween(1, 16);
        assertThat(result.errors().stream().mapToLong(e -> e.data().length() + e.error().length()).sum())
                .isLessThanOrEqualTo(64 * 1024);
        assertThat(result.errors()).extracting(RecordError::record).startsWith(1L, 2L);
        // as callers read it: the JSON of the result
        assertThat(mapper.valueToTree(result).path("errorsCut").asText()).isEqualTo("not every error is listed: the lists stop at 10000 entries "
                + "(migration.import.max-listed-errors) or 64 KB (migration.limits.max-listed-error-bytes); the counts "
                + "are exact");
        JsonNode stored = mapper.readTree(jdbc.queryForObject("SELECT result FROM operations WHERE id = ?", String.class,
                result.operationId()));
        assertThat(stored.path("errorsCut").asText()).startsWith("not every error is listed");
    }

    @Test
    void shouldCloseABatchAtTheBatchByteBudgetBeforeItsRecordCount() throws Exception {
        // given 20 records of 100 KB each, batchSize 100 and 256 KB of content per batch
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            ndjson.append("{\"id\":\"big").append(i).append("\",\"title\":\"t\",\"content\":\"")
                    .append("c".repeat(100 * 1024)).append("\"}\n");
        }
        Path file = file("large.ndjson", ndjson.toString());
        long before = batches();

        // when
        ImportResult result = importFile(file, "contexts", "{\"batchSize\":100}");

        // then batches of 2 records (each 100 KB of content and 100 KB of its text as read, kept for the
        // rejects file: the second one past 256 KB)
        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.successfulRecords()).isEqualTo(20);
        assertThat(batches() - before).isEqualTo(10);
    }

    private long batches() {
        Timer timer = meters.find("migration.batch").tags("operation", "import", "dataType", "contexts").timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void shouldCutARequestValueEchoedInAnApiError() throws Exception {
        String dataType = "d".repeat(10_000);

        Reply reply = api.post("/api/data-migration/export", OPERATOR_TOKEN,
                Map.of("dataType", dataType, "options", Map.of()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("message").asText()).isEqualTo(
                "dataType must be contexts, sessions, templates or all, not '" + "d".repeat(200) + "…'");
    }

    @Test
    void shouldAnswer413ToAnExportBodyOverTheLimit() throws Exception {
        String body = "{\"dataType\":\"contexts\",\"options\":{},\"padding\":\"" + "p".repeat(2 * 1024 * 1024) + "\"}";

        Reply reply = api.post("/api/data-migration/export", OPERATOR_TOKEN, body);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().path("error").asText()).isEqualTo("payload_too_large");
        assertThat(reply.json().path("message").asText())
                .isEqualTo("the request body is larger than 1 MB (migration.limits.max-request-body)");
        assertThat(count("operations")).isZero();
    }

    @Test
    void shouldAnswer413ToAChunkedTemplateBodyOverTheLimitAndServeOneUnderIt() throws Exception {
        // given a body sent without Content-Length
        byte[] body = ("{\"id\":\"t1\",\"name\":\"" + "n".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = api.request("/api/data-migration/templates", OPERATOR_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        // when
        Reply reply = api.send(request);

        // then
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().path("error").asText()).isEqualTo("payload_too_large");
        assertThat(reply.json().path("message").asText())
                .isEqualTo("the request body is larger than 1 MB (migration.limits.max-request-body)");
        assertThat(count("templates")).isZero();

        // and a chunked body under the limit is read as before
        byte[] small = "{\"dataType\":\"contexts\",\"options\":{\"format\":\"ndjson\"}}".getBytes(StandardCharsets.UTF_8);
        Reply served = api.send(api.request("/api/data-migration/export", OPERATOR_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))).build());
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.json().path("format").asText()).isEqualTo("ndjson");
    }

    @Test
    void shouldAnswer413ToAnUploadWhoseOptionsFieldIsOverTheLimit() throws Exception {
        Path data = file("small.json", "[{\"id\":\"a\",\"title\":\"t\",\"content\":\"c\"}]");
        String options = "{\"format\":\"json\",\"padding\":\"" + "p".repeat(1536 * 1024) + "\"}";

        Reply reply = api.upload("/api/data-migration/import", OPERATOR_TOKEN, data,
                Map.of("dataType", "contexts", "options", options));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().path("error").asText()).isEqualTo("payload_too_large");
        assertThat(reply.json().path("message").asText()).isEqualTo("a text field of the upload (options, dataType) "
                + "is larger than 1 MB (migration.limits.max-request-body)");
        assertThat(count("contexts")).isZero();
    }
}
