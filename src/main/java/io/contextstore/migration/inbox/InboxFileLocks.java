package io.contextstore.migration.inbox;

import java.sql.Timestamp;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read locks on inbox files in the store, so that of several instances polling one inbox only one
 * reads a file; the holder refreshes its locks, and a lock left by a crashed instance is taken over
 * once older than the maximum age.
 * <p>
 * camel-sql's repository takes an orphan over by refreshing its timestamp, which two instances can
 * both do at once, and then no longer keeps it alive. Here the orphan is deleted (only while it is
 * still old) and inserted anew, so the primary key lets exactly one instance win and keep it alive.
 */
public class InboxFileLocks extends JdbcOrphanLockAwareIdempotentRepository {

    public InboxFileLocks(DataSource dataSource, TransactionTemplate transactions, CamelContext camelContext,
                          long maxAgeMillis) {
        super(dataSource, transactions, "inbox-lock", camelContext);
        setTableName("inbox_locks");
        setCreateTableIfNotExists(false);
        setLockMaxAgeMillis(maxAgeMillis);
        setLockKeepAliveIntervalMillis(Math.max(maxAgeMillis / 4, 100));
    }

    @Override
    public boolean add(String key) {
        try {
            jdbcTemplate.update("DELETE FROM inbox_locks WHERE processorName = ? AND messageId = ? AND createdAt < ?",
                    processorName, key, new Timestamp(System.currentTimeMillis() - getLockMaxAgeMillis()));
            return super.add(key);
        } catch (DataAccessException lost) {
            // another instance inserted the same lock a moment earlier
            return false;
        }
    }
}
