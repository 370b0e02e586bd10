package io.contextstore.migration.inbox;

import java.sql.Timestamp;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read locks on inbox files in the store, so that of several instances polling one inbox only one
 * reads a file; the holder refreshes its locks, and a lock left by a crashed instance is taken over
 * once older than the maximum age.
 * <p>
 * camel-sql's repository checks for the row, then inserts it or, if a row has appeared since,
 * refreshes its timestamp and reports success: two instances racing for one file can both win.
 * Here each attempt runs in one repeatable-read snapshot, so the
 * loser's insert meets the winner's primary key (or its refresh a concurrent update) and fails;
 * and an orphan is deleted first (only while it is still old) and inserted anew, so that it is
 * kept alive by its new holder.
 */
public class InboxFileLocks extends JdbcOrphanLockAwareIdempotentRepository {

    public InboxFileLocks(DataSource dataSource, PlatformTransactionManager transactions, CamelContext camelContext,
                          long maxAgeMillis) {
        super(dataSource, snapshot(transactions), "inbox-lock", camelContext);
        setTableName("inbox_locks");
        setCreateTableIfNotExists(false);
        setLockMaxAgeMillis(maxAgeMillis);
        setLockKeepAliveIntervalMillis(Math.max(maxAgeMillis / 4, 100));
    }

    private static TransactionTemplate snapshot(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return template;
    }

    /** Any row holds the lock: orphans were deleted just before, under their own cutoff. */
    @Override
    protected int queryForInt(String key) {
        return jdbcTemplate.queryForObject(getQueryString(), Integer.class, processorName, key);
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
