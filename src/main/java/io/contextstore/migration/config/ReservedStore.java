package io.contextstore.migration.config;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store through a small pool of its own, apart from the one imports and exports hold their
 * transactions and cursors on: read-lock refreshes, content keys, operation rows (progress),
 * audit entries and the API's reads only ever run short statements here, so they never queue
 * behind a long import, whatever runs.
 */
public record ReservedStore(DataSource dataSource, PlatformTransactionManager transactions, JdbcTemplate jdbc)
        implements AutoCloseable {

    /** A transaction of its own on the reserved pool, whatever transaction the calling thread is in. */
    public TransactionTemplate separate() {
        TransactionTemplate separate = new TransactionTemplate(transactions);
        separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return separate;
    }

    @Override
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable pool) {
            pool.close();
        }
    }
}
