package io.contextstore.migration.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.operation.AuditLog;
import io.contextstore.migration.operation.RunningOperations;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import io.contextstore.migration.operation.OperationRepository;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;

/**
 * The operations table as the API shows it: progress of one, the running ones, the history, and
 * cancel. Viewers and operators see their own operations only; an operation they may not see is
 * answered 404, as if it did not exist.
 */
@Component
public class OperationViews {

    private static final String COLUMNS = "id, type, status, data_type, format, username, source_name, current_step, "
            + "total_records, "
            + "processed_records, successful_records, failed_records, skipped_records, duplicate_records, "
            + "overwritten_records, bytes_total, bytes_read, records_per_second, estimated_completion, started_at, "
            + "completed_at, error_message, result, undone_by";

    private final OperationRepository operations;
    private final ObjectMapper mapper;
    private final RunningOperations running;
    private final AuditLog audit;
    private final ApiCalls calls;

    /** Reads on the reserved pool: they answer while the running operations hold the main one. */
    public OperationViews(OperationRepository operations, ObjectMapper mapper, RunningOperations running, AuditLog audit,
                          ApiCalls calls) {
        this.operations = operations;
        this.mapper = mapper;
        this.running = running;
        this.audit = audit;
        this.calls = calls;
    }

    /**
     * Every field SPEC §10 names, also when unknown or over (null then, e.g. {@code estimatedCompletion}
     * once finished): a tree keeps its nulls where the service's mapper drops those of objects.
     */
    public void progress(String id, Exchange exchange) throws Exception {
        Map<String, Object> row = visible(id, exchange);
        ObjectNode body = mapper.createObjectNode();
        for (String[] field : PROGRESS_FIELDS) {
            body.set(field[0], mapper.valueToTree(row.get(field[1])));
        }
        calls.json(exchange, 200, body);
    }

    /** Answer field, then the view's field it shows. */
    private static final String[][] PROGRESS_FIELDS = {
            {"operationId", "operationId"}, {"type", "type"}, {"status", "status"}, {"progress", "progress"},
            {"currentStep", "currentStep"}, {"currentRecord", "processedRecords"}, {"totalRecords", "totalRecords"},
            {"estimatedCompletion", "estimatedCompletion"}, {"recordsPerSecond", "recordsPerSecond"},
            {"bytesRead", "bytesRead"}, {"bytesTotal", "bytesTotal"}};

    public void active(Exchange exchange) throws Exception {
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        List<Map<String, Object>> rows = operations.running(COLUMNS, caller.admin() ? null : caller.user(),
                (rs, n) -> view(rs));
        calls.json(exchange, 200, trees(rows));
    }

    public void history(String limit, Exchange exchange) throws Exception {
        int n = limit(limit, 50);
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        List<Map<String, Object>> rows = operations.latest(COLUMNS, caller.admin() ? null : caller.user(), n,
                (rs, i) -> view(rs));
        calls.json(exchange, 200, trees(rows));
    }

    /** Rows as trees, each field present also when null (a format not known yet, an end not reached). */
    private ArrayNode trees(List<Map<String, Object>> rows) {
        ArrayNode list = mapper.createArrayNode();
        for (Map<String, Object> row : rows) {
            ObjectNode tree = list.addObject();
            row.forEach((name, value) -> tree.set(name, mapper.valueToTree(value)));
        }
        return list;
    }

    public void cancel(String id, Exchange exchange) throws Exception {
        Map<String, Object> row = visible(id, exchange);
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        if (!"running".equals(row.get("status"))) {
            throw new ApiException(409, "conflict", "operation " + id + " has already finished (" + row.get("status") + ")");
        }
        if ("undo".equals(row.get("type"))) {
            throw new ApiException(409, "conflict", "undo " + id + " runs in one transaction and cannot be cancelled");
        }
        // runs elsewhere: its instance sees the request at its next heartbeat
        if (!running.cancel(id) && !operations.requestCancel(id)) {
            throw new ApiException(409, "conflict", "operation " + id + " has already finished");
        }
        audit.record(new AuditLog.Entry(caller.user(), "cancel", id, (String) row.get("dataType"), "requested", null,
                null, null, "cancel of " + row.get("type") + " requested"));
        calls.json(exchange, 200, Map.of("operationId", id, "cancelled", true));
    }

    /** A {@code limit} query parameter: 1 to 1000. */
    static int limit(String value, int fallback) {
        try {
            int n = value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a number between 1 and 1000");
    }

    private Map<String, Object> visible(String id, Exchange exchange) {
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        List<Map<String, Object>> rows = operations.byId(COLUMNS, id, (rs, n) -> view(rs));
        if (rows.isEmpty() || !caller.sees((String) rows.get(0).get("user"))) {
            throw ApiException.notFound("no operation " + id);
        }
        return rows.get(0);
    }

    private Map<String, Object> view(ResultSet rs) throws SQLException {
        Map<String, Object> v = new LinkedHashMap<>();
        String status = rs.getString("status");
        long processed = rs.getLong("processed_records");
        Long total = (Long) rs.getObject("total_records", Long.class);
        Long bytesTotal = (Long) rs.getObject("bytes_total", Long.class);
        long bytesRead = rs.getLong("bytes_read");
        // a finished operation is at 100 only when it completed; a failed or cancelled one where it stopped
        int progress = status.startsWith("completed") ? 100
                : "import".equals(rs.getString("type")) && bytesTotal != null && bytesTotal > 0
                ? (int) Math.min(99, bytesRead * 100 / bytesTotal)
                : total != null && total > 0 ? (int) Math.min(99, processed * 100 / total) : 0;
        v.put("operationId", rs.getString("id"));
        v.put("type", rs.getString("type"));
        v.put("status", status);
        v.put("dataType", rs.getString("data_type"));
        v.put("format", rs.getString("format"));
        v.put("user", rs.getString("username"));
        v.put("source", rs.getString("source_name"));
        v.put("startTime", instant(rs.getObject("started_at", OffsetDateTime.class)));
        v.put("endTime", instant(rs.getObject("completed_at", OffsetDateTime.class)));
        v.put("progress", progress);
        v.put("currentStep", rs.getString("current_step"));
        v.put("processedRecords", processed);
        v.put("totalRecords", total);
        v.put("successfulRecords", rs.getLong("successful_records"));
        v.put("failedRecords", rs.getLong("failed_records"));
        v.put("skippedRecords", rs.getLong("skipped_records"));
        v.put("duplicateRecords", rs.getLong("duplicate_records"));
        v.put("overwrittenRecords", rs.getLong("overwritten_records"));
        v.put("bytesRead", bytesRead);
        v.put("bytesTotal", bytesTotal);
        v.put("recordsPerSecond", rs.getObject("records_per_second"));
        v.put("estimatedCompletion", instant(rs.getObject("estimated_completion", OffsetDateTime.class)));
        v.put("errors", errors(rs.getString("error_message"), rs.getString("result")));
        // an import reverted by an undo names it
        v.put("undoneBy", rs.getString("undone_by"));
        return v;
    }

    /** The first errors of the stored result, else the failure message. */
    private List<Object> errors(String message, String result) {
        if (result != null) {
            try {
                JsonNode errors = mapper.readTree(result).path("errors");
                if (errors.isArray()) {
                    List<Object> first = new ArrayList<>();
                    for (int i = 0; i < Math.min(10, errors.size()); i++) {
                        first.add(errors.get(i));
                    }
                    return first;
                }
            } catch (Exception ignored) {
                // an unreadable stored result shows the message alone
            }
        }
        return message == null ? List.of() : List.of(Map.of("error", message));
    }

    private static String instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant().toString();
    }
}
