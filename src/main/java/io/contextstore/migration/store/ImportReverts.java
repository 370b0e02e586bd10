package io.contextstore.migration.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.contextstore.migration.record.DataType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What undoing an import does to the store, set-based on each record table: the records it created
 * (written by it, no before-image of it) are deleted, the records it overwrote get their
 * before-image back. A record a later operation changed is a conflict and is left alone: one the
 * import wrote that now says another operation wrote it, or whose version by the import is the
 * before-image of a later import.
 */
@Component
public class ImportReverts {

    private final JdbcTemplate jdbc;
    private final RecordStore store;

    public ImportReverts(JdbcTemplate jdbc, RecordStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** One record a later operation changed. */
    public record Conflict(String dataType, String id) {
    }

    /** What an undo does, or did: records deleted and records put back, over every type. */
    public record Counts(long deleted, long restored) {

        Counts plus(long moreDeleted, long moreRestored) {
            return new Counts(deleted + moreDeleted, restored + moreRestored);
        }
    }

    /** The first {@code limit} conflicts, by type then id. */
    public List<Conflict> conflicts(String operationId, int limit) {
        List<Conflict> found = new ArrayList<>();
        for (DataType type : DataType.values()) {
            if (found.size() >= limit) {
                break;
            }
            jdbc.query(conflictSql(type) + " ORDER BY id FETCH FIRST " + (limit - found.size()) + " ROWS ONLY",
                    rs -> {
                        found.add(new Conflict(type.key(), rs.getString(1)));
                    }, conflictParams(operationId));
        }
        return found;
    }

    public long conflictCount(String operationId) {
        long n = 0;
        for (DataType type : DataType.values()) {
            n += jdbc.queryForObject("SELECT COUNT(*) FROM (" + conflictSql(type) + ") c", Long.class,
                    conflictParams(operationId));
        }
        return n;
    }

    private static String conflictSql(DataType type) {
        String t = type.table();
        return "SELECT b.id AS id FROM " + t + "_before b JOIN " + t + " r ON r.id = b.id"
                + " WHERE b.before_operation = ? AND (r.written_by IS NULL OR r.written_by <> ?)"
                + " UNION SELECT l.id AS id FROM " + t + "_before l WHERE l.written_by = ? AND l.before_operation <> ?";
    }

    private static Object[] conflictParams(String operationId) {
        return new Object[] {operationId, operationId, operationId, operationId};
    }

    /** What {@link #revert} would do now; changes nothing. */
    public Counts plan(String operationId) {
        Counts counts = new Counts(0, 0);
        for (DataType type : DataType.values()) {
            String t = type.table();
            long deleted = jdbc.queryForObject("SELECT COUNT(*) FROM " + t + " r WHERE r.written_by = ? AND "
                    + notKept(t), Long.class, operationId, operationId);
            long restored = jdbc.queryForObject("SELECT COUNT(*) FROM " + t + " r WHERE r.written_by = ? AND "
                    + kept(t), Long.class, operationId, operationId);
            counts = counts.plus(deleted, restored);
        }
        return counts;
    }

    /**
     * Reverts the import's records in the caller's transaction, skipping conflicts, and drops its
     * before-images. A restored record counts as written now ({@code stored_at}), so that incremental
     * exports pass it on; its lineage is the before-image's.
     */
    public Counts revert(String operationId) {
        Counts counts = new Counts(0, 0);
        for (DataType type : DataType.values()) {
            String t = type.table();
            long deleted = jdbc.update("DELETE FROM " + t + " r WHERE r.written_by = ? AND " + notKept(t),
                    operationId, operationId);
            String columns = store.table(type).restoredColumns();
            long restored = jdbc.update("UPDATE " + t + " r SET (" + columns + ") = (SELECT " + columns + " FROM "
                    + t + "_before b WHERE b.before_operation = ? AND b.id = r.id), stored_at = CURRENT_TIMESTAMP"
                    + " WHERE r.written_by = ? AND " + kept(t), operationId, operationId, operationId);
            jdbc.update("DELETE FROM " + t + "_before WHERE before_operation = ?", operationId);
            counts = counts.plus(deleted, restored);
        }
        return counts;
    }

    private static String kept(String table) {
        return "EXISTS (SELECT 1 FROM " + table + "_before b WHERE b.before_operation = ? AND b.id = r.id)";
    }

    private static String notKept(String table) {
        return "NOT " + kept(table);
    }

    /**
     * Drops the before-images of the imports that ended before {@code before}. Keyed on the import's
     * end, as the undo's own check is: an image taken earlier than the import ended never goes first.
     */
    public long purge(Instant before) {
        long n = 0;
        for (DataType type : DataType.values()) {
            n += jdbc.update("DELETE FROM " + type.table() + "_before WHERE before_operation IN "
                    + "(SELECT id FROM operations WHERE completed_at < ?)", before.atOffset(ZoneOffset.UTC));
        }
        return n;
    }

    /**
     * Locks the records the import last wrote, so that no import overwrites one of them between the
     * conflict check and the revert in the caller's transaction.
     */
    public void lockWrittenBy(String operationId) {
        for (DataType type : DataType.values()) {
            jdbc.query("SELECT id FROM " + type.table() + " WHERE written_by = ? FOR UPDATE", rs -> {
            }, operationId);
        }
    }
}
