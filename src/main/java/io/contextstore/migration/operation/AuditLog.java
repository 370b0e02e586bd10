package io.contextstore.migration.operation;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import io.contextstore.migration.config.ReservedStore;
import org.springframework.transaction.support.TransactionTemplate;

/** Who did what, when, to which operation, with counts and the input file's sha256. Kept in the store. */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate separate;

    /** On the reserved pool: an entry is written while the operation still holds its connections. */
    public AuditLog(ReservedStore reserved) {
        this.jdbc = reserved.jdbc();
        this.separate = reserved.separate();
    }

    public record Entry(String user, String action, String operationId, String dataType, String status,
                        Long recordCount, String fileName, String fileSha256, String details) {
    }

    public void record(Entry e) {
        separate.executeWithoutResult(s -> jdbc.update("""
                INSERT INTO audit_log (at, username, action, operation_id, data_type, status, record_count,
                                       file_name, file_sha256, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                OperationRepository.utc(Instant.now()), e.user(), e.action(), e.operationId(), e.dataType(),
                e.status(), e.recordCount(), e.fileName(), e.fileSha256(), e.details()));
        log.info("audit: {} {} by {} operation={} status={} records={} file={}", e.action(), e.dataType(), e.user(),
                e.operationId(), e.status(), e.recordCount(), e.fileName());
    }
}
