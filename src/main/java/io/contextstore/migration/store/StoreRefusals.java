package io.contextstore.migration.store;

import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Why the store refused a record, in words a user can act on. The driver's own message is not
 * shown: H2's quotes the SQL statement and PostgreSQL's may quote the COPY line; it goes to the
 * log at debug instead. The SQLSTATE class says what went wrong the same way on both stores.
 */
final class StoreRefusals {

    private static final Logger log = LoggerFactory.getLogger(StoreRefusals.class);

    private StoreRefusals() {
    }

    static String describe(DataAccessException refused) {
        log.debug("the store refused a record", refused);
        String state = sqlState(refused);
        String why = state == null ? "the store could not write it" : switch (state) {
            case "22001" -> "a value is longer than its column holds";
            case "22003" -> "a number is out of its column's range";
            case "22007", "22008" -> "a date or time the store cannot hold";
            case "22018", "22P02" -> "a value of the wrong type for its column";
            case "22021", "22P05" -> "text the store cannot hold (such as a NUL character)";
            case "23502" -> "a required value is missing";
            case "23505" -> "a record with this id is already stored";
            case "23514" -> "a value fails a check of the store";
            default -> "the store could not write it";
        };
        return why + (state == null ? "" : " (SQLSTATE " + state + ")");
    }

    private static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
