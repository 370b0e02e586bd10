package io.contextstore.migration.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each incremental export has come, per {@link WatermarkScope}: the next run exports what
 * was written into the store after the mark. The mark is never later than the start of an import
 * still running when the export began, so records such an import commits afterwards are not
 * skipped; a record may be exported twice, never missed.
 */
@Component
public class ExportWatermarks {

    private final JdbcTemplate jdbc;

    public ExportWatermarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The mark the export of this scope reached, or null before its first run. */
    public Instant get(WatermarkScope scope) {
        List<OffsetDateTime> marks = jdbc.queryForList("SELECT watermark FROM export_watermarks "
                        + "WHERE owner = ? AND name = ? AND data_type = ? AND filter_key = ?",
                OffsetDateTime.class, scope.owner(), scope.name(), scope.dataType(), scope.filterKey());
        return marks.isEmpty() ? null : marks.get(0).toInstant();
    }

    /**
     * The mark an export starting now may set once it completes: not past the start of the oldest
     * import still running ({@code oldestImport}, or null), whose records may commit later.
     */
    public Instant markFor(Instant exportStart, Instant oldestImport) {
        return oldestImport != null && oldestImport.isBefore(exportStart) ? oldestImport : exportStart;
    }

    public void advance(WatermarkScope scope, Instant mark) {
        OffsetDateTime at = mark.atOffset(ZoneOffset.UTC);
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        if (jdbc.update("UPDATE export_watermarks SET watermark = ?, updated_at = ? "
                        + "WHERE owner = ? AND name = ? AND data_type = ? AND filter_key = ?",
                at, now, scope.owner(), scope.name(), scope.dataType(), scope.filterKey()) == 0) {
            jdbc.update("INSERT INTO export_watermarks (owner, name, data_type, filter_key, filters, watermark, "
                            + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    scope.owner(), scope.name(), scope.dataType(), scope.filterKey(), scope.filters(), at, now);
        }
    }
}
