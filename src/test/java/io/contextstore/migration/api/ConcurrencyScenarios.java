package io.contextstore.migration.api;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At most {@code migration.operations.max-concurrent} imports, exports and validations at once:
 * over it an API call is refused with 429 and {@code Retry-After}, an inbox file waits in the
 * inbox, and the API's reads still answer. Real HTTP, real store, real inbox.
 */
// a call to a stopped direct: route fails after this wait for a consumer (30 s by default)
@TestPropertySource(properties = {"migration.operations.max-concurrent=2", "migration.operations.retry-after=7s",
        "camel.component.direct.timeout=300"})
abstract class ConcurrencyScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";
    /** Guards against a hang only: a call the reserved pool serves answers in milliseconds. */
    private static final Duration NO_HANG = Duration.ofSeconds(30);

    @Autowired
    CamelContext camel;

    private HttpRequest slowUpload(String path, Path file) throws Exception {
        return api.uploadRequest(API + path, OPERATOR_TOKEN, file,
                Map.of("dataType", "contexts", "options", "{\"batchSize\":1}"));
    }

    private Reply get(String path, String token) throws Exception {
        return api.send(api.request(path, token).timeout(NO_HANG).GET().build());
    }

    @Test
    void shouldRefuseOperationsOverTheBoundWith429WhileReadsAnswerAndAWaitingInboxFileIsImportedOnceASlotFrees()
            throws Exception {
        // given: the service up (its inbox consumer has polled), and max-concurrent (2) slow
        // operations, an import and a validation, both running
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health", null).status() == 200);
        // (ids of their own: a validation writes in a transaction it rolls back, and would wait for the import's locks)
        Path large = TestRecords.writeBulkContexts(work.resolve("large.ndjson"), "slow", 200_000);
        Path other = TestRecords.writeBulkContexts(work.resolve("other.ndjson"), "checked", 200_000);
        CompletableFuture<Reply> importing = api.sendAsync(slowUpload("/import", large));
        CompletableFuture<Reply> validating = api.sendAsync(slowUpload("/validate", other));
        List<String> running = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode active = get(API + "/operations/active", OPERATOR_TOKEN).json();
            return active.size() == 2 ? List.of(active.get(0).get("operationId").asText(),
                    active.get(1).get("operationId").asText()) : null;
        }, java.util.Objects::nonNull);
        Path small = TestRecords.writeNdjson(work.resolve("small.ndjson"), TestRecords.contexts(3, 7));

        // when / then: every further import, validation and export is refused, and nothing is recorded for it
        List<Reply> refused = List.of(
                api.upload(API + "/import", OPERATOR_TOKEN, small, Map.of("dataType", "contexts")),
                api.upload(API + "/validate", OPERATOR_TOKEN, small, Map.of("dataType", "contexts")),
                api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts")),
                api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts", "options",
                        Map.of("async", true))));
        for (Reply reply : refused) {
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.header("Retry-After")).isEqualTo("7");
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.json().get("error").asText()).isEqualTo("too_many_operations");
            assertThat(reply.json().get("message").asText()).contains("migration.operations.max-concurrent")
                    .contains("2");
        }
        assertThat(count("operations")).isEqualTo(2);

        // and the reads answer while both slots are busy
        Reply progress = get(API + "/operations/" + running.get(0) + "/progress", OPERATOR_TOKEN);
        assertThat(progress.status()).isEqualTo(200);
        assertThat(progress.json().get("status").asText()).isEqualTo("running");
        Reply history = get(API + "/operations/history", OPERATOR_TOKEN);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().size()).isEqualTo(2);
        assertThat(get(API + "/operations/active", OPERATOR_TOKEN).status()).isEqualTo(200);
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);

        // and an inbox file dropped now is taken (its read lock held) but waits in the inbox
        Path dropped = drop("contexts", "waiting.ndjson", Files.readAllBytes(small));
        await().atMost(NO_HANG).until(() -> count("inbox_locks") == 1);
        assertThat(dropped).exists();
        assertThat(folders.error()).isEmptyDirectory();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations WHERE source_name = 'waiting.ndjson'",
                Long.class)).isZero();

        // when the running operations end
        for (String id : running) {
            assertThat(api.post(API + "/operations/" + id + "/cancel", OPERATOR_TOKEN, "").status()).isEqualTo(200);
        }
        assertThat(importing.get(60, TimeUnit.SECONDS).json().get("status").asText()).isEqualTo("cancelled");
        assertThat(validating.get(60, TimeUnit.SECONDS).json().get("status").asText()).isEqualTo("cancelled");

        // then the waiting inbox file is imported, not failed
        Path report = folders.reports().resolve("waiting.ndjson.report.json");
        await().atMost(NO_HANG).until(() -> Files.exists(report) && !Files.exists(dropped));
        JsonNode result = mapper.readTree(Files.readString(report, StandardCharsets.UTF_8));
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(3);
        assertThat(count("contexts")).isEqualTo(3);
        assertThat(folders.error()).isEmptyDirectory();

        // and new calls are accepted again
        Reply imported = api.upload(API + "/import", OPERATOR_TOKEN, small,
                Map.of("dataType", "contexts", "options", "{\"overwriteExisting\":true}"));
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().get("overwrittenRecords").asLong()).isEqualTo(3);
        Reply exported = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts"));
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.json().get("recordCount").asLong()).isEqualTo(3);
    }

    @Test
    void shouldGiveSlotsBackWhenTheImportAndExportRoutesAreStoppedFromTheConsole() throws Exception {
        // given: an operator stops the import and export routes (as from Hawtio)
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health", null).status() == 200);
        Path small = TestRecords.writeNdjson(work.resolve("small.ndjson"), TestRecords.contexts(3, 7));
        camel.getRouteController().stopRoute("import");
        camel.getRouteController().stopRoute("export");
        List<Reply> failed;
        try {
            // when: more calls than there are slots (2) fail because the routes are not running
            failed = List.of(
                    api.upload(API + "/import", OPERATOR_TOKEN, small, Map.of("dataType", "contexts")),
                    api.upload(API + "/validate", OPERATOR_TOKEN, small, Map.of("dataType", "contexts")),
                    api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts")),
                    api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts", "options",
                            Map.of("async", true))),
                    api.upload(API + "/import", OPERATOR_TOKEN, small, Map.of("dataType", "contexts")));
        } finally {
            camel.getRouteController().startRoute("import");
            camel.getRouteController().startRoute("export");
        }

        // then: none of them was refused as busy, and once the routes run again calls are served
        assertThat(failed).extracting(Reply::status).doesNotContain(429, 200);
        Reply imported = api.upload(API + "/import", OPERATOR_TOKEN, small, Map.of("dataType", "contexts"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("successfulRecords").asLong()).isEqualTo(3);
        Reply exported = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts"));
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.json().get("recordCount").asLong()).isEqualTo(3);
    }
}
