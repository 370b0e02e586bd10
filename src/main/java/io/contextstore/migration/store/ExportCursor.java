package io.contextstore.migration.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A read-only database cursor over the records of an export, handed out in pages of
 * {@code fetchSize} records or of {@code maxPageChars} of text, whichever comes first. It owns its connection for the length of the export: autocommit off so that
 * PostgreSQL streams rows instead of materialising the whole result, and one repeatable-read
 * snapshot so the count and the rows agree.
 */
public final class ExportCursor implements Iterator<List<ObjectNode>>, AutoCloseable {

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final RecordTable table;
    private final Set<String> omittedFields;
    private final int pageSize;
    private final long maxPageChars;
    private long pageChars;
    private final LongConsumer counted = chars -> pageChars += chars;
    private final boolean rawJson;
    private final boolean lineage;
    private final long total;
    private Boolean hasRow;

    ExportCursor(DataSource dataSource, RecordTable table, ExportQuery query, Set<String> omittedFields, boolean lineage,
                 int fetchSize, long maxPageChars, boolean rawJson) throws SQLException {
        this.maxPageChars = maxPageChars;
        this.lineage = lineage;
        this.rawJson = rawJson;
        this.table = table;
        this.omittedFields = omittedFields;
        this.pageSize = fetchSize;
        this.connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (PreparedStatement count = prepare(query.count(), query)) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    this.total = rs.getLong(1);
                }
            }
            this.statement = prepare(query.select(), query);
            statement.setFetchSize(fetchSize);
            this.rows = statement.executeQuery();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private PreparedStatement prepare(String sql, ExportQuery query) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        for (int i = 0; i < query.parameters().size(); i++) {
            ps.setObject(i + 1, query.parameters().get(i));
        }
        return ps;
    }

    public long total() {
        return total;
    }

    @Override
    public boolean hasNext() {
        if (hasRow == null) {
            try {
                hasRow = rows.next();
            } catch (SQLException e) {
                throw new IllegalStateException("reading the export cursor failed: " + e.getMessage(), e);
            }
        }
        return hasRow;
    }

    @Override
    public List<ObjectNode> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<ObjectNode> page = new ArrayList<>(pageSize);
        try {
            pageChars = 0;
            while (page.size() < pageSize && pageChars < maxPageChars && hasNext()) {
                page.add(table.read(rows, omittedFields, rawJson, lineage, counted));
                hasRow = null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the export cursor failed: " + e.getMessage(), e);
        }
        return page;
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.setReadOnly(false);
            }
        } catch (SQLException ignored) {
            // closing below returns the connection to the pool either way
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }
}
