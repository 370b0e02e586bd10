package io.contextstore.migration.inbox;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sha256 of every inbox file taken, in the store (camel-sql's repository, table
 * {@code inbox_files}). Two instances taking copies of one content at once both find it absent
 * and insert; the loser's primary key violation means "seen before", not a failed file.
 */
public class InboxContents extends JdbcMessageIdRepository {

    public InboxContents(DataSource dataSource, TransactionTemplate transactions) {
        super(dataSource, transactions, "inbox-content");
        setTableName("inbox_files");
        setCreateTableIfNotExists(false);
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DataAccessException taken) {
            return false;
        }
    }
}
