package io.contextstore.migration.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.operation.ExportOptions.DateRange;
import io.contextstore.migration.operation.ExportOptions.Filters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.contextstore.migration.record.DataType;

/** The SQL and bound parameters {@link ExportQuery#of} builds for an export's columns and filters. */
class ExportQueryTests {

    private static final String CONTEXT_COLUMNS =
            "id, title, content, type, tags, session_id, created_at, updated_at, metadata, attachments";
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2024-06-30T23:59:59.999999Z");
    private static final Instant SINCE = Instant.parse("2024-03-01T12:00:00.5Z");

    private static ExportQuery query(DataType type, Set<String> omitted, Filters filters, Instant since) {
        return ExportQuery.of(type, new RecordTable(type, new ObjectMapper()), omitted, false, filters, since);
    }

    private static ExportQuery query(DataType type, Filters filters) {
        return query(type, Set.of(), filters, null);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Filters tags(String... tags) {
        return new Filters(null, null, List.of(tags), null, null, null);
    }

    @Test
    void shouldSelectEveryColumnOrderedByIdWithoutFilters() {
        ExportQuery query = query(DataType.CONTEXTS, Filters.NONE);

        assertThat(query.select()).isEqualTo("SELECT " + CONTEXT_COLUMNS + " FROM contexts ORDER BY id");
        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM contexts");
        assertThat(query.parameters()).isEmpty();
    }

    @Test
    void shouldSelectTheColumnsOfEachType() {
        assertThat(query(DataType.SESSIONS, Filters.NONE).select())
                .isEqualTo("SELECT id, name, user_id, created_at, updated_at, metadata FROM sessions ORDER BY id");
        assertThat(query(DataType.TEMPLATES, Filters.NONE).select()).isEqualTo("SELECT id, name, description, version, "
                + "schema_def, transformation, created_at FROM templates ORDER BY id");
    }

    @Test
    void shouldLeaveOutTheOmittedFieldsColumns() {
        ExportQuery query = query(DataType.CONTEXTS, Set.of("metadata", "attachments"), Filters.NONE, null);

        assertThat(query.select()).isEqualTo("SELECT id, title, content, type, tags, session_id, created_at, updated_at "
                + "FROM contexts ORDER BY id");
        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM contexts");
    }

    @Test
    void shouldFilterCreatedAtByBothEndsOfTheDateRangeInclusively() {
        ExportQuery query = query(DataType.SESSIONS, new Filters(new DateRange(START, END), null, null, null, null, null));

        assertThat(query.select()).isEqualTo("SELECT id, name, user_id, created_at, updated_at, metadata FROM sessions "
                + "WHERE created_at >= ? AND created_at <= ? ORDER BY id");
        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM sessions WHERE created_at >= ? AND created_at <= ?");
        assertThat(query.parameters()).containsExactly(utc(START), utc(END));
    }

    @Test
    void shouldFilterOnlyTheGivenEndOfAnOpenDateRange() {
        ExportQuery from = query(DataType.TEMPLATES, new Filters(new DateRange(START, null), null, null, null, null, null));
        ExportQuery until = query(DataType.TEMPLATES, new Filters(new DateRange(null, END), null, null, null, null, null));
        ExportQuery neither = query(DataType.TEMPLATES, new Filters(new DateRange(null, null), null, null, null, null, null));

        assertThat(from.count()).isEqualTo("SELECT COUNT(*) FROM templates WHERE created_at >= ?");
        assertThat(from.parameters()).containsExactly(utc(START));
        assertThat(until.count()).isEqualTo("SELECT COUNT(*) FROM templates WHERE created_at <= ?");
        assertThat(until.parameters()).containsExactly(utc(END));
        assertThat(neither.count()).isEqualTo("SELECT COUNT(*) FROM templates");
        assertThat(neither.parameters()).isEmpty();
    }

    @Test
    void shouldBindInstantsAsUtcOffsetDateTimes() {
        ExportQuery query = query(DataType.CONTEXTS, Set.of(), Filters.NONE, SINCE);

        assertThat(query.parameters()).singleElement().isInstanceOfSatisfying(OffsetDateTime.class, at -> {
            assertThat(at.getOffset()).isEqualTo(ZoneOffset.UTC);
            assertThat(at.toInstant()).isEqualTo(SINCE);
        });
    }

    @Test
    void shouldExportOnlyWhatWasStoredAfterTheWatermark() {
        ExportQuery query = query(DataType.SESSIONS, Set.of(), new Filters(new DateRange(START, null), null, null, null,
                null, null), SINCE);

        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM sessions WHERE stored_at > ? AND created_at >= ?");
        assertThat(query.parameters()).containsExactly(utc(SINCE), utc(START));
    }

    @Test
    void shouldFilterContextsByTypesSessionsAndImportanceWithOneParameterEach() {
        ExportQuery query = query(DataType.CONTEXTS, new Filters(null, List.of("note", "code"), null, List.of("s-1"),
                List.of("high", "critical", "low"), null));

        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM contexts WHERE type IN (?, ?) AND session_id IN (?) "
                + "AND importance IN (?, ?, ?)");
        assertThat(query.parameters()).containsExactly("note", "code", "s-1", "high", "critical", "low");
    }

    @Test
    void shouldMatchATagAsAWholeElementOfTheStoredJsonList() {
        ExportQuery query = query(DataType.CONTEXTS, tags("alpha", "beta"));

        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM contexts WHERE (tags LIKE ? ESCAPE '!' "
                + "OR tags LIKE ? ESCAPE '!' OR tags LIKE ? ESCAPE '!' OR tags LIKE ? ESCAPE '!')");
        assertThat(query.parameters()).containsExactly("%[\"alpha\"%", "%,\"alpha\"%", "%[\"beta\"%", "%,\"beta\"%");
    }

    @Test
    void shouldEscapeLikeWildcardsAndJsonCharactersInATag() {
        ExportQuery query = query(DataType.CONTEXTS, tags("50%_off!", "say \"hi\"\\", "café"));

        assertThat(query.parameters()).containsExactly(
                "%[\"50!%!_off!!\"%", "%,\"50!%!_off!!\"%",
                "%[\"say \\\"hi\\\"\\\\\"%", "%,\"say \\\"hi\\\"\\\\\"%",
                "%[\"café\"%", "%,\"café\"%");
    }

    @Test
    void shouldCombineEveryContextFilterInOneConjunctionInAFixedOrder() {
        ExportQuery query = query(DataType.CONTEXTS, Set.of("attachments"), new Filters(new DateRange(START, END),
                List.of("note"), List.of("t"), List.of("s-1", "s-2"), List.of("high"), null), SINCE);

        String where = " WHERE stored_at > ? AND created_at >= ? AND created_at <= ? AND type IN (?) "
                + "AND session_id IN (?, ?) AND importance IN (?) AND (tags LIKE ? ESCAPE '!' OR tags LIKE ? ESCAPE '!')";
        assertThat(query.select()).isEqualTo("SELECT id, title, content, type, tags, session_id, created_at, updated_at, "
                + "metadata FROM contexts" + where + " ORDER BY id");
        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM contexts" + where);
        assertThat(query.parameters()).containsExactly(utc(SINCE), utc(START), utc(END), "note", "s-1", "s-2", "high",
                "%[\"t\"%", "%,\"t\"%");
    }

    @Test
    void shouldFilterSessionsByTheirOwnIdAndIgnoreContextOnlyFilters() {
        ExportQuery query = query(DataType.SESSIONS, new Filters(null, List.of("note"), List.of("t"), List.of("s-1", "s-2"),
                List.of("high"), null));

        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM sessions WHERE id IN (?, ?)");
        assertThat(query.parameters()).containsExactly("s-1", "s-2");
    }

    @Test
    void shouldFilterTemplatesByTheDateRangeOnly() {
        ExportQuery query = query(DataType.TEMPLATES, new Filters(new DateRange(START, null), List.of("note"),
                List.of("t"), List.of("s-1"), List.of("high"), null));

        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM templates WHERE created_at >= ?");
        assertThat(query.parameters()).containsExactly(utc(START));
    }

    @Test
    void shouldIgnoreEmptyFilterLists() {
        ExportQuery query = query(DataType.CONTEXTS, new Filters(null, List.of(), List.of(), List.of(), List.of(), null));

        assertThat(query.count()).isEqualTo("SELECT COUNT(*) FROM contexts");
        assertThat(query.parameters()).isEmpty();
    }
}
