package io.contextstore.migration.store;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the store's refusals say, on a real (in-memory) H2, whose own messages quote the SQL statement. */
class StoreRefusalsTests {

    private JdbcTemplate jdbc;

    @BeforeEach
    void store() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:refusals;DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(h2);
        jdbc.execute("DROP TABLE IF EXISTS t");
        jdbc.execute("CREATE TABLE t (id VARCHAR(3) PRIMARY KEY, n SMALLINT NOT NULL)");
    }

    private DataAccessException refused(String sql, Object... values) {
        return catchThrowableOfType(DataAccessException.class, () -> jdbc.update(sql, values));
    }

    @Test
    void shouldSayWhatWasWrongWithTheRecordNeverTheStatement() {
        jdbc.update("INSERT INTO t (id, n) VALUES (?, ?)", "a", 1);

        DataAccessException tooLong = refused("INSERT INTO t (id, n) VALUES (?, ?)", "abcd", 1);
        DataAccessException taken = refused("INSERT INTO t (id, n) VALUES (?, ?)", "a", 2);
        DataAccessException missing = refused("INSERT INTO t (id, n) VALUES (?, ?)", "b", null);

        assertThat(tooLong.getMostSpecificCause().getMessage()).contains("INSERT INTO t");
        assertThat(StoreRefusals.describe(tooLong)).isEqualTo("a value is longer than its column holds (SQLSTATE 22001)");
        assertThat(StoreRefusals.describe(taken)).isEqualTo("a record with this id is already stored (SQLSTATE 23505)");
        assertThat(StoreRefusals.describe(missing)).isEqualTo("a required value is missing (SQLSTATE 23502)");
    }
}
