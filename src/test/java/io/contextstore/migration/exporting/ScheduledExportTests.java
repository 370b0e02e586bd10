package io.contextstore.migration.exporting;

import java.time.Duration;
import java.util.List;

import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * migration.schedules: cron-driven exports to outbox/, each an operation, incremental ones by
 * watermark. The context is closed afterwards, so its every-second schedule stops with it.
 */
@OnH2
@org.springframework.test.annotation.DirtiesContext
@TestPropertySource(properties = {
        "migration.schedules[0].name=every-second",
        "migration.schedules[0].cron=* * * * * *",
        "migration.schedules[0].dataType=contexts",
        "migration.schedules[0].options.format=ndjson",
        "migration.schedules[0].incremental=true"})
class ScheduledExportTests extends ScenarioSupport {

    @Test
    void shouldExportOnScheduleAndThenOnlyWhatChanged() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("s.ndjson"), TestRecords.contexts(30, 1)), "contexts", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> runs().stream().anyMatch(r -> r.equals("completed 30")));
        await().atMost(Duration.ofSeconds(20)).until(() -> runs().stream().filter(r -> r.equals("completed 0")).count() >= 2);

        assertThat(jdbc.queryForList("SELECT DISTINCT username FROM operations WHERE type = 'export'", String.class))
                .containsExactly("schedule:every-second");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM export_watermarks WHERE name = 'every-second'", Long.class))
                .isEqualTo(1);
    }

    private List<String> runs() {
        return jdbc.queryForList("SELECT status || ' ' || processed_records FROM operations WHERE type = 'export' "
                + "ORDER BY started_at", String.class);
    }
}
