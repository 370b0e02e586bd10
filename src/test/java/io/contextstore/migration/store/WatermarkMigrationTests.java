package io.contextstore.migration.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import javax.sql.DataSource;

import io.contextstore.migration.operation.ExportOptions;
import io.contextstore.migration.support.PostgresAvailable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V4 gives every watermark an owner, a data type and a filter set: a watermark written before it
 * (only schedules with incremental: true used one by default) stays the schedule's of that name,
 * for no filters, and the schedule's next run reads it.
 */
class WatermarkMigrationTests {

    private static final Instant MARK = Instant.parse("2024-05-01T02:00:00.123456Z");

    @Test
    void shouldKeepAWatermarkOfBeforeAsTheSchedulesOfThatNameOnH2() {
        SingleConnectionDataSource h2 = new SingleConnectionDataSource("jdbc:h2:mem:watermark-migration", "sa", "", true);
        try {
            shouldKeepAWatermarkOfBeforeAsTheSchedulesOfThatName(h2, null, "CLOB");
        } finally {
            h2.destroy();
        }
    }

    @Test
    @ExtendWith(PostgresAvailable.class)
    void shouldKeepAWatermarkOfBeforeAsTheSchedulesOfThatNameOnPostgres() {
        String schema = System.getenv().getOrDefault("MIGRATION_TEST_POSTGRES_SCHEMA", "migration_test") + "_v4";
        SingleConnectionDataSource pg = new SingleConnectionDataSource(PostgresAvailable.url(), PostgresAvailable.user(),
                PostgresAvailable.password(), true);
        try {
            new JdbcTemplate(pg).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            shouldKeepAWatermarkOfBeforeAsTheSchedulesOfThatName(pg, schema, "TEXT");
        } finally {
            new JdbcTemplate(pg).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            pg.destroy();
        }
    }

    private void shouldKeepAWatermarkOfBeforeAsTheSchedulesOfThatName(DataSource store, String schema, String largeText) {
        // given a store at V3 with the watermark of schedule 'nightly'
        flyway(store, schema, largeText).target("3").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(store);
        if (schema != null) {
            jdbc.execute("SET search_path TO " + schema);
        }
        jdbc.update("INSERT INTO export_watermarks (name, data_type, watermark, updated_at) VALUES (?, ?, ?, ?)",
                "nightly", "contexts", MARK.atOffset(ZoneOffset.UTC), MARK.atOffset(ZoneOffset.UTC));

        // when V4 runs
        flyway(store, schema, largeText).load().migrate();

        // then it is the schedule's, for contexts and no filters, and the schedule reads it
        Map<String, Object> row = jdbc.queryForMap("SELECT owner, name, data_type, filters FROM export_watermarks");
        assertThat(row).containsEntry("owner", "schedule:nightly").containsEntry("name", "nightly")
                .containsEntry("data_type", "contexts");
        assertThat(row.get("filters").toString()).isEqualTo("{}");
        String noFilters = ExportOptions.Filters.NONE.canonical();
        ExportWatermarks watermarks = new ExportWatermarks(jdbc);
        assertThat(watermarks.get(WatermarkScope.ofSchedule("nightly", "nightly", "contexts", noFilters))).isEqualTo(MARK);
        assertThat(watermarks.get(WatermarkScope.ofUser("nightly", "nightly", "contexts", noFilters))).isNull();
        assertThat(watermarks.get(WatermarkScope.ofSchedule("nightly", "nightly", "sessions", noFilters))).isNull();
        assertThat(jdbc.queryForObject("SELECT watermark FROM export_watermarks", OffsetDateTime.class).toInstant())
                .isEqualTo(MARK);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource store, String schema,
                                                                                  String largeText) {
        var config = Flyway.configure().dataSource(store).locations("classpath:db/migration")
                .placeholders(Map.of("large_text", largeText));
        return schema == null ? config : config.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
}
