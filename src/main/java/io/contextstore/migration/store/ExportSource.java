package io.contextstore.migration.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

import javax.sql.DataSource;

import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.operation.ExportOptions.Filters;
import org.springframework.stereotype.Component;
import io.contextstore.migration.record.DataType;

/** Opens export cursors on the store. */
@Component
public class ExportSource {

    private final DataSource dataSource;
    private final RecordStore store;
    private final long maxPageChars;

    /** A page of an export holds at most {@code migration.limits.max-batch-bytes} of text, as an import's batch. */
    public ExportSource(DataSource dataSource, RecordStore store, LimitsProperties limits) {
        this.dataSource = dataSource;
        this.store = store;
        this.maxPageChars = limits.maxBatchBytes().toBytes();
    }

    /**
     * A cursor over the records of one type that pass the filters, without the omitted fields, with
     * their lineage if asked.
     * {@code rawJson} hands JSON columns on as stored text, for JSON writers only.
     */
    public ExportCursor open(DataType type, Set<String> omittedFields, boolean lineage, Filters filters,
                             Instant changedSince, int fetchSize, boolean rawJson) throws SQLException {
        RecordTable table = store.table(type);
        return new ExportCursor(dataSource, table,
                ExportQuery.of(type, table, omittedFields, lineage, filters, changedSince), omittedFields, lineage,
                fetchSize, maxPageChars, rawJson);
    }
}
