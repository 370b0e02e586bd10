package io.contextstore.migration.store;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import io.contextstore.migration.operation.ExportOptions.Filters;
import io.contextstore.migration.record.DataType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * The SQL of an export: the record columns a caller asked for, the filters as bound parameters,
 * ordered by id so that exports are reproducible.
 */
public record ExportQuery(String select, String count, List<Object> parameters) {

    /** {@code changedSince}: only records written into the store after that instant (incremental exports). */
    public static ExportQuery of(DataType type, RecordTable table, Set<String> omittedFields, boolean lineage,
                                 Filters filters, Instant changedSince) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (changedSince != null) {
            where.add("stored_at > ?");
            params.add(changedSince.atOffset(ZoneOffset.UTC));
        }
        if (filters.dateRange() != null) {
            if (filters.dateRange().start() != null) {
                where.add("created_at >= ?");
                params.add(filters.dateRange().start().atOffset(ZoneOffset.UTC));
            }
            if (filters.dateRange().end() != null) {
                where.add("created_at <= ?");
                params.add(filters.dateRange().end().atOffset(ZoneOffset.UTC));
            }
        }
        if (type == DataType.CONTEXTS) {
            in("type", filters.types(), where, params);
            in("session_id", filters.sessionIds(), where, params);
            in("importance", filters.importance(), where, params);
            tags(filters.tags(), where, params);
        } else if (type == DataType.SESSIONS) {
            in("id", filters.sessionIds(), where, params);
        }
        in("written_by", filters.operationIds(), where, params);
        String condition = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return new ExportQuery(
                "SELECT " + table.selectColumns(omittedFields, lineage) + " FROM " + type.table() + condition + " ORDER BY id",
                "SELECT COUNT(*) FROM " + type.table() + condition,
                params);
    }

    private static void in(String column, List<String> values, List<String> where, List<Object> params) {
        if (values == null || values.isEmpty()) {
            return;
        }
        where.add(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
        params.addAll(values);
    }

    /**
     * Tags are stored as a compact JSON array. Inside one, a quote is escaped in every string, so an
     * unescaped {@code "tag"} right after {@code [} or {@code ,} is exactly one whole element: the two
     * LIKE patterns match the tag and nothing else, on H2 and PostgreSQL alike.
     */
    private static void tags(List<String> tags, List<String> where, List<Object> params) {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        List<String> any = new ArrayList<>();
        for (String tag : tags) {
            String element = likeEscape(jsonString(tag));
            any.add("tags LIKE ? ESCAPE '!'");
            params.add("%[" + element + "%");
            any.add("tags LIKE ? ESCAPE '!'");
            params.add("%," + element + "%");
        }
        where.add("(" + String.join(" OR ", any) + ")");
    }

    private static String jsonString(String value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String likeEscape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
