package io.contextstore.migration.api;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import io.contextstore.migration.config.ReservedStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The audit log, newest first, for admins. */
@Component
public class AuditCalls {

    private final JdbcTemplate jdbc;
    private final ApiCalls calls;

    public AuditCalls(ReservedStore reserved, ApiCalls calls) {
        this.jdbc = reserved.jdbc();
        this.calls = calls;
    }

    public void recent(String limit, Exchange exchange) throws Exception {
        int n = OperationViews.limit(limit, 100);
        List<Map<String, Object>> entries = jdbc.query("SELECT at, username, action, operation_id, data_type, status, "
                + "record_count, file_name, file_sha256, details FROM audit_log ORDER BY id DESC FETCH FIRST " + n
                + " ROWS ONLY", (rs, i) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("at", rs.getObject("at", OffsetDateTime.class).toInstant().toString());
                    e.put("user", rs.getString("username"));
                    e.put("action", rs.getString("action"));
                    e.put("operationId", rs.getString("operation_id"));
                    e.put("dataType", rs.getString("data_type"));
                    e.put("status", rs.getString("status"));
                    e.put("recordCount", rs.getObject("record_count"));
                    e.put("fileName", rs.getString("file_name"));
                    e.put("fileSha256", rs.getString("file_sha256"));
                    e.put("details", rs.getString("details"));
                    return e;
                });
        calls.json(exchange, 200, entries);
    }
}
