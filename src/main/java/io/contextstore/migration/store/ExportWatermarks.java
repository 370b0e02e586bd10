package io.contextstore.migration.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each named incremental export has come: the next run exports what was written into the
 * store after the mark. The mark is never later than the start of an import still running when the
 * export began, so records such an import commits afterwards are not skipped; a record may be
 * exported twice, never missed.
 */
@Component
public class ExportWatermarks {

    private final JdbcTemplate jdbc;

    public ExportWatermarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The mark the named export reached, or null before its first run. */
    public Instant get(String name) {
        List<OffsetDateTime> marks = jdbc.queryForList("SELECT watermark FROM export_watermarks WHERE name = ?",
                OffsetDateTime.class, name);
        return marks.isEmpty() ? null : marks.get(0).toInstant();
    }

    /** The mark an export starting now may set once it completes. */
    public Instant markFor(Instant exportStart) {
        OffsetDateTime earliestImport = jdbc.queryForObject(
                "SELECT MIN(started_at) FROM operations WHERE status = 'running' AND type = 'import'",
                OffsetDateTime.class);
        return earliestImport != null && earliestImport.toInstant().isBefore(exportStart)
                ? earliestImport.toInstant() : exportStart;
    }

    public void advance(String name, String dataType, Instant mark) {
        OffsetDateTime at = mark.atOffset(ZoneOffset.UTC);
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        if (jdbc.update("UPDATE export_watermarks SET watermark = ?, data_type = ?, updated_at = ? WHERE name = ?",
                at, dataType, now, name) == 0) {
            jdbc.update("INSERT INTO export_watermarks (name, data_type, watermark, updated_at) VALUES (?, ?, ?, ?)",
                    name, dataType, at, now);
        }
    }
}
