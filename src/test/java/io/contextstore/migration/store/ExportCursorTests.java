package io.contextstore.migration.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.operation.ExportOptions.Filters;
import io.contextstore.migration.record.DataType;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Pages of an export end at {@code fetchSize} records or at the page's budget of text, whichever comes first. */
class ExportCursorTests {

    private final DriverManagerDataSource store = new DriverManagerDataSource("jdbc:h2:mem:export-cursor;DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(store);
    private final RecordTable table = new RecordTable(DataType.CONTEXTS, new ObjectMapper());

    ExportCursorTests() {
        Flyway.configure().dataSource(store).locations("classpath:db/migration")
                .placeholders(Map.of("large_text", "CLOB")).load().migrate();
        for (int i = 1; i <= 10; i++) {
            jdbc.update("INSERT INTO contexts (id, title, content, type, created_at) VALUES (?, 'T', ?, 'general', CURRENT_TIMESTAMP)",
                    "c-%02d".formatted(i), "x".repeat(i == 5 ? 3000 : 99));
        }
    }

    @AfterEach
    void drop() {
        jdbc.execute("DROP ALL OBJECTS");
    }

    private List<List<String>> pages(int fetchSize, long maxPageChars) throws Exception {
        List<List<String>> pages = new ArrayList<>();
        ExportQuery query = ExportQuery.of(DataType.CONTEXTS, table, Set.of(), false, Filters.NONE, null);
        try (ExportCursor cursor = new ExportCursor(store, table, query, Set.of(), false, fetchSize, maxPageChars, false)) {
            assertThat(cursor.total()).isEqualTo(10);
            cursor.forEachRemaining(page -> pages.add(page.stream().map(r -> r.get("id").asText()).toList()));
        }
        return pages;
    }

    @Test
    void shouldEndAPageAtFetchSizeRecords() throws Exception {
        assertThat(pages(4, 1_000_000)).containsExactly(
                List.of("c-01", "c-02", "c-03", "c-04"), List.of("c-05", "c-06", "c-07", "c-08"), List.of("c-09", "c-10"));
    }

    @Test
    void shouldEndAPageOnceItsRecordsHoldTheBudgetOfText() throws Exception {
        // each record's id, title, type and content: 111 characters, the fifth's 3,012
        assertThat(pages(1000, 300)).containsExactly(
                List.of("c-01", "c-02", "c-03"), List.of("c-04", "c-05"), List.of("c-06", "c-07", "c-08"), List.of("c-09", "c-10"));
    }

    @Test
    void shouldGiveARecordLargerThanTheBudgetAPageOfItsOwn() throws Exception {
        assertThat(pages(1000, 100)).extracting(List::size).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    }
}
