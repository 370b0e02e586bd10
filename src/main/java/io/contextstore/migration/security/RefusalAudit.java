package io.contextstore.migration.security;

import java.util.concurrent.atomic.AtomicLong;

import io.contextstore.migration.operation.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused calls go to the audit log, but anyone can send calls without a valid token: so that they
 * cannot fill the store, at most {@link #PER_MINUTE} such refusals a minute are written; the rest
 * are counted and logged once a minute.
 */
final class RefusalAudit {

    static final int PER_MINUTE = 60;
    private static final Logger log = LoggerFactory.getLogger(RefusalAudit.class);

    private final AuditLog audit;
    private final AtomicLong minute = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    RefusalAudit(AuditLog audit) {
        this.audit = audit;
    }

    void refused(String user, int status, String call) {
        long now = System.currentTimeMillis() / 60_000;
        long previous = minute.getAndSet(now);
        if (previous != now) {
            written.set(0);
            long skipped = dropped.getAndSet(0);
            if (skipped > 0) {
                log.warn("{} further refused calls in the last minute were not written to the audit log", skipped);
            }
        }
        if (user != null || written.incrementAndGet() <= PER_MINUTE) {
            audit.record(new AuditLog.Entry(user, "refused", null, null, String.valueOf(status), null, null, null, call));
        } else {
            dropped.incrementAndGet();
        }
    }
}
