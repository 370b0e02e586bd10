package io.contextstore.migration.inbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ScenarioSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health} answers anyone, so it must not list the inbox folders on every call. A
 * context of its own whose inbox polls once at start and then not for ten minutes, so that a file
 * dropped stays in the backlog.
 */
@TestPropertySource(properties = {
        "migration.data-dir=target/test-data/inbox-health",
        "migration.inbox.poll-delay-ms=600000",
        "migration.console.health-cache-ttl=10s"})
class InboxHealthCacheTests extends ScenarioSupport {

    private long backlog(ApiClient api) throws Exception {
        return api.get("/actuator/health", ADMIN_TOKEN).json().get("components").get("inbox").get("details")
                .get("backlog").asLong();
    }

    @Test
    void shouldLookAtTheInboxFoldersOnceInTheCacheTimeHoweverOftenHealthIsCalled() throws Exception {
        ApiClient api = new ApiClient(port);
        // the inbox consumer reports ready once it has polled, a moment after start
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/health", null).status() == 200);
        Path waiting = null;
        try {
            long before = backlog(api);
            waiting = drop("contexts", "waiting.ndjson", "{\"id\":\"w1\",\"title\":\"t\"}\n".getBytes(StandardCharsets.UTF_8));

            for (int i = 0; i < 20; i++) {
                ApiClient.Reply anonymous = api.get(i % 2 == 0 ? "/actuator/health" : "/actuator/health/inbox", null);
                assertThat(anonymous.status()).isEqualTo(200);
            }
            long cached = backlog(api);
            long[] later = new long[1];
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> (later[0] = backlog(api)) == before + 1);

            assertThat(before).isZero();
            assertThat(cached).as("the file dropped after the last look is not seen before the cache time").isZero();
            assertThat(later[0]).isEqualTo(1);
            assertThat(api.get("/actuator/health/inbox", null).json().get("status").asText()).isEqualTo("UP");
        } finally {
            if (waiting != null) {
                Files.deleteIfExists(waiting);
            }
        }
    }
}
