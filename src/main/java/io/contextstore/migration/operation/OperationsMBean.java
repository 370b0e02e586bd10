package io.contextstore.migration.operation;

import org.springframework.jdbc.core.ColumnMapRowMapper;
import java.util.List;
import java.util.Map;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The running operations over JMX, beside Camel's route MBeans (JConsole, Hawtio): their progress
 * and status, and cancel as an MBean operation.
 */
@Component
@ManagedResource(objectName = "io.contextstore.migration:type=Operations", description = "Imports and exports")
public class OperationsMBean {

    private final OperationRepository operations;
    private final RunningOperations running;
    private final AuditLog audit;

    public OperationsMBean(OperationRepository operations, RunningOperations running, AuditLog audit) {
        this.operations = operations;
        this.running = running;
        this.audit = audit;
    }

    @ManagedAttribute(description = "Operations running in this instance")
    public int getActiveCount() {
        return running.count();
    }

    @ManagedAttribute(description = "Running operations: id, type, data type, user, step, records done, of total, records/s")
    public List<String> getActive() {
        return operations.running("id, type, data_type, username, current_step, processed_records, total_records, "
                        + "records_per_second", null, (rs, n) -> String.join(" ", rs.getString("id"), rs.getString("type"), String.valueOf(rs.getString("data_type")),
                        String.valueOf(rs.getString("username")), String.valueOf(rs.getString("current_step")),
                        rs.getLong("processed_records") + "/" + rs.getObject("total_records"),
                        String.format("%.0f/s", rs.getDouble("records_per_second"))));
    }

    @ManagedOperation(description = "Status and progress of one operation")
    @ManagedOperationParameter(name = "operationId", description = "the operation's id")
    public Map<String, Object> progress(String operationId) {
        List<Map<String, Object>> rows = operations.byId("id, type, status, data_type, current_step, "
                + "processed_records, total_records, bytes_read, bytes_total", operationId, new ColumnMapRowMapper());
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    @ManagedOperation(description = "Stop a running import or export between batches")
    @ManagedOperationParameter(name = "operationId", description = "the operation's id")
    public boolean cancel(String operationId) {
        boolean cancelled = running.cancel(operationId) || operations.requestCancel(operationId);
        if (cancelled) {
            audit.record(new AuditLog.Entry("jmx", "cancel", operationId, null, "requested", null, null, null,
                    "cancel requested over JMX"));
        }
        return cancelled;
    }
}
