package io.contextstore.migration.operation;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import io.contextstore.migration.config.ReservedStore;
import io.contextstore.migration.notify.Notifications;
import org.springframework.transaction.support.TransactionTemplate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;

/**
 * Operation rows: status, counts and progress. Every write runs in its own transaction, outside the
 * import's, so progress is visible while the import runs and a failed import still leaves its row;
 * all but the checkpoint (which commits with the import) on the reserved pool, so progress never
 * waits for a connection the running operations hold. Every end goes through {@link #finish}, which
 * hands the result to the completion webhooks once it is stored.
 */
@Repository
public class OperationRepository {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate inImport;
    private final TransactionTemplate separate;
    private final Notifications notifications;

    public OperationRepository(ReservedStore reserved, JdbcTemplate inImport, Notifications notifications) {
        this.jdbc = reserved.jdbc();
        this.inImport = inImport;
        this.separate = reserved.separate();
        this.notifications = notifications;
    }

    public String create(OperationType type, String dataType, String user, String sourceName, boolean dryRun) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = utc(Instant.now());
        separate.executeWithoutResult(s -> jdbc.update("""
                INSERT INTO operations (id, type, status, data_type, username, source_name, dry_run, current_step,
                                        started_at, updated_at)
                VALUES (?, ?, 'running', ?, ?, ?, ?, 'starting', ?, ?)""",
                id, type.value(), dataType, user, sourceName, dryRun, now, now));
        return id;
    }

    public void describe(String id, String dataType, String format, Long bytesTotal, boolean dryRun) {
        separate.executeWithoutResult(s -> jdbc.update("""
                UPDATE operations SET data_type = ?, format = ?, bytes_total = ?, dry_run = ?, updated_at = ?
                WHERE id = ?""", dataType, format, bytesTotal, dryRun, utc(Instant.now()), id));
    }

    public void progress(String id, String step, Progress p) {
        separate.executeWithoutResult(s -> jdbc.update("""
                UPDATE operations SET current_step = ?, processed_records = ?, total_records = ?,
                       successful_records = ?, failed_records = ?, skipped_records = ?, duplicate_records = ?,
                       overwritten_records = ?, bytes_read = ?, records_per_second = ?, estimated_completion = ?,
                       updated_at = ?
                WHERE id = ? AND status = 'running'""",
                step, p.processed(), p.estimatedTotal(), p.successful(), p.failed(), p.skipped(), p.duplicates(),
                p.overwritten(), p.bytesRead(), p.recordsPerSecond(), utc(p.estimatedCompletion()),
                utc(Instant.now()), id));
    }

    public void finish(String id, OperationStatus status, Progress p, String errorMessage, String resultJson) {
        finish(id, null, status, p, errorMessage, resultJson);
    }

    /** {@code dataType}: what an auto-detect import found (null: as described at the start). */
    public void finish(String id, String dataType, OperationStatus status, Progress p, String errorMessage, String resultJson) {
        Instant now = Instant.now();
        separate.executeWithoutResult(s -> jdbc.update("""
                UPDATE operations SET data_type = COALESCE(?, data_type), status = ?, current_step = 'done',
                       processed_records = ?, total_records = ?,
                       successful_records = ?, failed_records = ?, skipped_records = ?, duplicate_records = ?,
                       overwritten_records = ?, bytes_read = ?, records_per_second = ?, estimated_completion = NULL,
                       error_message = ?, result = ?, updated_at = ?, completed_at = ?
                WHERE id = ?""",
                dataType, status.value(), p.processed(), p.processed(), p.successful(), p.failed(), p.skipped(),
                p.duplicates(), p.overwritten(), p.bytesRead(), p.recordsPerSecond(), errorMessage, resultJson,
                utc(now), utc(now), id));
        notifications.ended(id, status.value(), resultJson);
    }

    /**
     * Operations still marked running that have shown no progress for {@code staleAfter}: their
     * service stopped while they ran (a running one shows it is alive at every heartbeat). Marked
     * interrupted; what an import among them had not committed was rolled back with its transaction.
     */
    public int markInterrupted(Duration staleAfter) {
        Instant now = Instant.now();
        return separate.execute(s -> jdbc.update("""
                UPDATE operations SET status = 'interrupted', current_step = 'done', completed_at = ?, updated_at = ?,
                       error_message = 'the service stopped while this operation ran'
                WHERE status = 'running' AND updated_at < ?""", utc(now), utc(now), utc(now.minus(staleAfter))));
    }

    /**
     * A cancel asked of an operation that another instance may be running: recorded for its runner
     * to see. False when the operation is no longer running.
     */
    public boolean requestCancel(String id) {
        return separate.execute(s -> jdbc.update(
                "UPDATE operations SET cancel_requested_at = ? WHERE id = ? AND status = 'running'",
                utc(Instant.now()), id)) == 1;
    }

    /**
     * The heartbeat of the operations running in this instance: they show they are alive (so that no
     * instance takes them for left by a stopped service), and learn which of them a cancel was asked of.
     */
    public List<String> heartbeat(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(utc(Instant.now()));
        args.addAll(ids);
        separate.executeWithoutResult(s -> jdbc.update(
                "UPDATE operations SET updated_at = ? WHERE status = 'running' AND id IN (" + marks + ")",
                args.toArray()));
        return jdbc.queryForList("SELECT id FROM operations WHERE cancel_requested_at IS NOT NULL AND status = 'running' "
                + "AND id IN (" + marks + ")", String.class, ids.toArray());
    }

    /** Where an inbox import's file lay and what it held, to find the import again after a crash. */
    /**
     * Marks an import undone by {@code undoId}, in the transaction of the undo's changes (the main
     * pool's): false when another undo got there first.
     */
    public boolean markUndone(String importId, String undoId) {
        return inImport.update("UPDATE operations SET undone_by = ? WHERE id = ? AND undone_by IS NULL", undoId,
                importId) == 1;
    }

    public void source(String id, String sha256, String path) {
        separate.executeWithoutResult(s -> jdbc.update(
                "UPDATE operations SET source_sha256 = ?, source_path = ? WHERE id = ?", sha256, path, id));
    }

    /** The latest import of a file with this content, if any. */
    public Optional<SeenImport> latestImportOf(String sha256) {
        return jdbc.query("""
                SELECT id, status, source_path, dry_run FROM operations
                WHERE source_sha256 = ? AND type = 'import' ORDER BY started_at DESC""",
                (rs, n) -> new SeenImport(rs.getString(1), OperationStatus.of(rs.getString(2)), rs.getString(3),
                        rs.getBoolean(4)), sha256).stream().findFirst();
    }

    /**
     * Written in the import's own transaction, just before it commits: how many records have their
     * outcome committed, their counts, and the first errors listed (null: unchanged).
     */
    public void checkpoint(String id, long records, String countsJson, String errorsJson) {
        inImport.update("""
                UPDATE operations SET checkpoint_records = ?, checkpoint_counts = ?,
                       checkpoint_errors = COALESCE(?, checkpoint_errors), updated_at = ?
                WHERE id = ?""", records, countsJson, errorsJson, utc(Instant.now()), id);
    }

    /**
     * Takes an unfinished import of the same content up again for the file at {@code path}, if no
     * one runs it: it is interrupted, or its holder has stopped (its file is the one whose read lock
     * the caller holds, or it has shown no progress for {@code staleAfter}). One statement, so of
     * two instances holding two copies only one gets it.
     */
    public boolean claimForResume(String id, String path, Duration staleAfter) {
        Instant now = Instant.now();
        return separate.execute(s -> jdbc.update("""
                UPDATE operations SET status = 'running', current_step = 'resuming', completed_at = NULL,
                       error_message = NULL, source_path = ?, updated_at = ?
                WHERE id = ? AND (status = 'interrupted'
                                  OR (status = 'running' AND (source_path = ? OR updated_at < ?)))""",
                path, utc(now), id, path, utc(now.minus(staleAfter)))) == 1;
    }

    /** Where an import taken up again starts: its checkpoint (none: from the start). */
    public Checkpoint checkpointOf(String id, ObjectMapper mapper) {
        return jdbc.queryForObject(
                "SELECT checkpoint_records, checkpoint_counts, checkpoint_errors FROM operations WHERE id = ?",
                (rs, n) -> {
                    if (rs.getObject(1) == null) {
                        return Checkpoint.NONE;
                    }
                    try {
                        return new Checkpoint(rs.getLong(1), mapper.readValue(rs.getString(2), Checkpoint.Counts.class),
                                rs.getString(3));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("unreadable checkpoint of operation " + id, e);
                    }
                }, id);
    }

    /** An earlier import of the same content: its status and where its file lay. */
    /** Running operations, newest first, of one user (null: everyone's), as {@code rows} maps them. */
    public <T> List<T> running(String columns, String user, RowMapper<T> rows) {
        return user == null
                ? jdbc.query("SELECT " + columns + " FROM operations WHERE status = 'running' ORDER BY started_at DESC",
                rows)
                : jdbc.query("SELECT " + columns + " FROM operations WHERE status = 'running' AND username = ? "
                + "ORDER BY started_at DESC", rows, user);
    }

    /** The {@code limit} latest operations of one user (null: everyone's). */
    public <T> List<T> latest(String columns, String user, int limit, RowMapper<T> rows) {
        String sql = "SELECT " + columns + " FROM operations" + (user == null ? "" : " WHERE username = ?")
                + " ORDER BY started_at DESC, id FETCH FIRST " + limit + " ROWS ONLY";
        return user == null ? jdbc.query(sql, rows) : jdbc.query(sql, rows, user);
    }

    /** One operation by id: none or one row. */
    public <T> List<T> byId(String columns, String id, RowMapper<T> rows) {
        return jdbc.query("SELECT " + columns + " FROM operations WHERE id = ?", rows, id);
    }

    /** When the latest operation of this user (a schedule's: "schedule:<name>") started, or null. */
    public Instant latestStartBy(String user) {
        List<OffsetDateTime> starts = jdbc.query("SELECT MAX(started_at) FROM operations WHERE username = ?",
                (rs, n) -> rs.getObject(1, OffsetDateTime.class), user);
        return starts.isEmpty() || starts.get(0) == null ? null : starts.get(0).toInstant();
    }

    /** The start of the oldest import still running, or null. */
    public Instant oldestRunningImport() {
        OffsetDateTime oldest = jdbc.queryForObject(
                "SELECT MIN(started_at) FROM operations WHERE status = 'running' AND type = 'import'",
                OffsetDateTime.class);
        return oldest == null ? null : oldest.toInstant();
    }

    public record SeenImport(String id, OperationStatus status, String sourcePath, boolean dryRun) {
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
