package io.contextstore.migration.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.record.CheckedRecord;
import io.contextstore.migration.record.Excerpt;
import io.contextstore.migration.record.CheckedBatch;
import io.contextstore.migration.record.Rejection;
import org.springframework.dao.DataAccessException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import io.contextstore.migration.record.DataType;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes batches of checked records into the import's transaction with JDBC batching. Duplicates
 * are found by id against the store, which inside the transaction also holds the earlier batches of
 * the same file, so duplicates within a file need no memory of their own. A batch the database
 * refuses is rolled back to its savepoint and retried record by record to name the culprit.
 */
@Component
public class RecordStore {

    private static final int IDS_PER_QUERY = 1000;
    private static final int COPY_BUFFER = 64 * 1024;

    /** Ids per lookup statement: well within the bind parameters either database takes. */
    private static final int LOOKUP_CHUNK = 1000;
    private final JdbcTemplate jdbc;
    private final Map<DataType, RecordTable> tables = new EnumMap<>(DataType.class);
    private volatile Boolean copies;

    public RecordStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        for (DataType type : DataType.values()) {
            tables.put(type, new RecordTable(type, mapper));
        }
    }

    public RecordTable table(DataType type) {
        return tables.get(type);
    }

    /**
     * Called in an import's transaction, before its first batch. On PostgreSQL the id lookups of
     * each batch are prepared once; a plan made while the table was small (an import into an empty
     * table) would scan the whole table for every later batch, so within the import the primary key
     * index is used always.
     */
    public void prepareImport() {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (connection.isWrapperFor(PGConnection.class)) {
                try (var statement = connection.createStatement()) {
                    statement.execute("SET LOCAL enable_seqscan = off");
                }
            }
            return null;
        });
    }

    /**
     * The encode step of an import, on its reading thread: on PostgreSQL each valid record's COPY
     * row, so that the write step, on the thread that holds the transaction, only sends bytes.
     */
    public CheckedBatch encode(CheckedBatch batch, WriteSettings settings) {
        if (!copies() || batch.valid().isEmpty()) {
            return batch;
        }
        List<CheckedRecord> encoded = new ArrayList<>(batch.valid().size());
        for (CheckedRecord record : batch.valid()) {
            encoded.add(record.withRow(tables.get(record.type()).copyRow(record.fields(), lineage(settings, record))));
        }
        return new CheckedBatch(encoded, batch.rejected(), batch.dropped());
    }

    /** Whether new records go in with COPY: the store is PostgreSQL. */
    private boolean copies() {
        Boolean known = copies;
        if (known == null) {
            known = jdbc.execute((ConnectionCallback<Boolean>) connection -> connection.isWrapperFor(PGConnection.class));
            copies = known;
        }
        return known;
    }

    /** Stores one checked record on its own; false when its id is taken. */
    public boolean insertOne(DataType type, ObjectNode record) {
        RecordTable table = tables.get(type);
        if (!existingIds(table, List.of(new CheckedRecord(null, type, record))).isEmpty()) {
            return false;
        }
        jdbc.update(table.insertSql(), ps -> table.bindInsert(ps, record, Lineage.NONE));
        return true;
    }

    private static Lineage lineage(WriteSettings settings, CheckedRecord record) {
        return new Lineage(settings.operationId(), settings.sourceName(), record.source().position());
    }

    /** The stored records of {@code ids}, by id: what a reconcile compares one batch of its file with. */
    public Map<String, ObjectNode> stored(DataType type, List<String> ids) {
        RecordTable table = tables.get(type);
        Map<String, ObjectNode> found = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
            jdbc.query("SELECT " + table.selectColumns(Set.of()) + " FROM " + type.table() + " WHERE id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")", rs -> {
                ObjectNode record = table.read(rs, Set.of(), false);
                found.put(record.get("id").asText(), record);
            }, chunk.toArray());
        }
        return found;
    }

    /**
     * Notes the ids a reconcile read, in its transaction (rolled back at its end), so that
     * {@link #unseen} finds the stored records its file lacks without holding ids in memory.
     */
    public void seen(String operationId, DataType type, List<String> ids) {
        jdbc.batchUpdate("INSERT INTO reconcile_seen (operation_id, data_type, id) VALUES (?, ?, ?)",
                ids.stream().map(id -> new Object[] {operationId, type.key(), id}).toList());
    }

    /** The ids of stored records of {@code type} a reconcile did not read, in id order, streamed. */
    public void unseen(String operationId, DataType type, java.util.function.Consumer<String> each) {
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT s.id FROM " + type.table() + " s WHERE NOT EXISTS "
                    + "(SELECT 1 FROM reconcile_seen r WHERE r.operation_id = ? AND r.data_type = ? AND r.id = s.id) "
                    + "ORDER BY s.id");
            statement.setFetchSize(1000);
            statement.setString(1, operationId);
            statement.setString(2, type.key());
            return statement;
        }, rs -> {
            each.accept(rs.getString(1));
        });
    }

    /** One stored record by id, or null. */
    public ObjectNode find(DataType type, String id) {
        RecordTable table = tables.get(type);
        List<ObjectNode> found = jdbc.query(
                "SELECT " + table.selectColumns(Set.of()) + " FROM " + type.table() + " WHERE id = ?",
                (rs, n) -> table.read(rs, Set.of(), false), id);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The write step of an import: the checked records of a batch into the import's transaction,
     * {@code tx}, whose savepoints let a refused batch be retried record by record.
     */
    public WriteResult write(CheckedBatch batch, WriteSettings settings) {
        List<CheckedRecord> records = batch.valid();
        Outcome outcome = new Outcome();
        if (records.isEmpty()) {
            return outcome.result();
        }
        if (records.stream().allMatch(r -> r.type() == records.get(0).type())) {
            write(tables.get(records.get(0).type()), records, settings, outcome);
            return outcome.result();
        }
        Map<DataType, List<CheckedRecord>> byType = new EnumMap<>(DataType.class);
        records.forEach(r -> byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r));
        byType.forEach((type, typed) -> write(tables.get(type), typed, settings, outcome));
        return outcome.result();
    }

    private static final class Outcome {
        long created;
        long overwritten;
        long duplicates;
        final List<Rejection> rejected = new ArrayList<>();

        WriteResult result() {
            return new WriteResult(created, overwritten, duplicates, rejected);
        }
    }

    private void write(RecordTable table, List<CheckedRecord> batch, WriteSettings settings, Outcome outcome) {
        Duplicates duplicates = settings.duplicates();
        TransactionStatus tx = settings.transaction();
        Set<String> existing = existingIds(table, batch);
        List<CheckedRecord> inserts = new ArrayList<>(batch.size());
        List<CheckedRecord> updates = new ArrayList<>();
        for (CheckedRecord record : batch) {
            if (existing.add(record.id())) {
                inserts.add(record);
            } else if (duplicates == Duplicates.OVERWRITE) {
                updates.add(record);
            } else if (duplicates == Duplicates.SKIP) {
                outcome.duplicates++;
            } else {
                outcome.rejected.add(Rejection.of(record.source(), "duplicate id '" + Excerpt.of(record.id())
                        + "': already in the store or earlier in the file"));
            }
        }
        Object savepoint = tx.createSavepoint();
        try {
            insert(table, inserts, settings);
            keepBeforeImages(table, updates, settings);
            update(table, updates, settings);
            tx.releaseSavepoint(savepoint);
        } catch (DataAccessException batchFailed) {
            tx.rollbackToSavepoint(savepoint);
            writeOneByOne(table, inserts, updates, settings, outcome);
            return;
        }
        outcome.created += inserts.size();
        outcome.overwritten += updates.size();
    }

    private void writeOneByOne(RecordTable table, List<CheckedRecord> inserts, List<CheckedRecord> updates,
                               WriteSettings settings, Outcome outcome) {
        TransactionStatus tx = settings.transaction();
        for (CheckedRecord record : inserts) {
            if (writeOne(tx, outcome, record, () -> execute(table.insertSql(), List.of(record),
                    (ps, r) -> table.bindInsert(ps, r.fields(), lineage(settings, r))))) {
                outcome.created++;
            }
        }
        for (CheckedRecord record : updates) {
            if (writeOne(tx, outcome, record, () -> {
                keepBeforeImages(table, List.of(record), settings);
                update(table, List.of(record), settings);
            })) {
                outcome.overwritten++;
            }
        }
    }

    private static boolean writeOne(TransactionStatus tx, Outcome outcome, CheckedRecord record, Runnable write) {
        Object savepoint = tx.createSavepoint();
        try {
            write.run();
            tx.releaseSavepoint(savepoint);
            return true;
        } catch (DataAccessException e) {
            tx.rollbackToSavepoint(savepoint);
            outcome.rejected.add(Rejection.of(record.source(), "the store refused the record: " + StoreRefusals.describe(e)));
            return false;
        }
    }

    private Set<String> existingIds(RecordTable table, List<CheckedRecord> batch) {
        Set<String> found = new HashSet<>();
        List<String> ids = batch.stream().map(CheckedRecord::id).distinct().toList();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(from + IDS_PER_QUERY, ids.size()));
            jdbc.query(table.existingIdsSql(chunk.size()), rs -> {
                found.add(rs.getString(1));
            }, chunk.toArray());
        }
        return found;
    }

    private interface Binder {
        void bind(PreparedStatement ps, CheckedRecord record) throws SQLException;
    }

    /**
     * Keeps each stored row an import is about to overwrite, the first time within that import (a
     * row it wrote itself is its own), so that an undo can put it back.
     */
    private void keepBeforeImages(RecordTable table, List<CheckedRecord> updates, WriteSettings settings) {
        List<String> ids = updates.stream().map(CheckedRecord::id).distinct().toList();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(from + IDS_PER_QUERY, ids.size()));
            List<Object> params = new ArrayList<>(chunk.size() + 2);
            params.add(settings.operationId());
            params.addAll(chunk);
            params.add(settings.operationId());
            // locked first: an import overwriting the same records at the same time waits, and then keeps
            // the version this one wrote, not the one both read
            jdbc.query(table.existingIdsSql(chunk.size()) + " FOR UPDATE", rs -> {
            }, chunk.toArray());
            jdbc.update(table.keepBeforeSql(chunk.size()), params.toArray());
        }
    }

    /**
     * New records go in with COPY on PostgreSQL, its bulk path and several times faster than
     * batched INSERTs there; elsewhere with a JDBC batch. Either way a refused batch throws, and
     * the caller retries record by record. The rows stream to the server one at a time, mostly
     * encoded ahead by the encode step: a whole batch as one string would be megabytes allocated at once.
     */
    private void insert(RecordTable table, List<CheckedRecord> records, WriteSettings settings) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (connection.isWrapperFor(PGConnection.class)) {
                copy(connection.unwrap(PGConnection.class), table, records, settings);
            } else {
                execute(table.insertSql(), records, (ps, r) -> table.bindInsert(ps, r.fields(), lineage(settings, r)));
            }
            return null;
        });
    }

    private static void copy(PGConnection connection, RecordTable table, List<CheckedRecord> records,
                             WriteSettings settings) throws SQLException {
        PGCopyOutputStream copy = new PGCopyOutputStream(connection, table.copySql(), COPY_BUFFER);
        try {
            for (CheckedRecord record : records) {
                copy.write(record.row() != null ? record.row() : table.copyRow(record.fields(), lineage(settings, record)));
            }
            // ends the COPY: the server's verdict on the rows comes here
            copy.close();
        } catch (IOException e) {
            cancel(copy, e);
            throw e.getCause() instanceof SQLException refused ? refused : new SQLException("COPY failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            // never ended: the rows sent so far are not stored
            cancel(copy, e);
            throw e;
        }
    }

    private static void cancel(PGCopyOutputStream copy, Throwable failure) {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Overwrites in file order, one JDBC batch per run of records that lack the same kept fields
     * (usually the whole batch): the columns of fields a record lacks stay as stored.
     */
    private void update(RecordTable table, List<CheckedRecord> records, WriteSettings settings) {
        int from = 0;
        while (from < records.size()) {
            Set<String> kept = table.keptFields(records.get(from).fields());
            int to = from + 1;
            while (to < records.size() && table.keptFields(records.get(to).fields()).equals(kept)) {
                to++;
            }
            execute(table.updateSql(kept), records.subList(from, to),
                    (ps, r) -> table.bindUpdate(ps, r.fields(), kept, lineage(settings, r)));
            from = to;
        }
    }

    private void execute(String sql, List<CheckedRecord> records, Binder binder) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                binder.bind(ps, records.get(i));
            }

            @Override
            public int getBatchSize() {
                return records.size();
            }
        });
    }
}
