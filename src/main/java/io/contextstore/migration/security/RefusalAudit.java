package io.contextstore.migration.security;

import java.util.concurrent.atomic.AtomicLong;

import io.contextstore.migration.operation.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused calls go to the audit log, but anyone can send calls without a valid token, and any holder
 * of a token can send calls its role does not allow: so that neither can fill the store, at most
 * {@link #PER_MINUTE} refusals a minute of each kind (anonymous, signed in) are written; the rest
 * are counted and logged once a minute. Separate budgets, so that a flood of anonymous calls does
 * not hide what a signed-in user tried.
 */
final class RefusalAudit {

    static final int PER_MINUTE = 60;
    private static final Logger log = LoggerFactory.getLogger(RefusalAudit.class);

    private final AuditLog audit;
    private final Budget anonymous = new Budget("anonymous");
    private final Budget signedIn = new Budget("signed-in");

    RefusalAudit(AuditLog audit) {
        this.audit = audit;
    }

    void refused(String user, int status, String call) {
        if ((user == null ? anonymous : signedIn).take()) {
            audit.record(new AuditLog.Entry(user, "refused", null, null, String.valueOf(status), null, null, null, call));
        }
    }

    private static final class Budget {
        private final String kind;
        private final AtomicLong minute = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();

        Budget(String kind) {
            this.kind = kind;
        }

        boolean take() {
            long now = System.currentTimeMillis() / 60_000;
            if (minute.getAndSet(now) != now) {
                written.set(0);
                long skipped = dropped.getAndSet(0);
                if (skipped > 0) {
                    log.warn("{} further refused {} calls in the last minute were not written to the audit log",
                            skipped, kind);
                }
            }
            if (written.incrementAndGet() <= PER_MINUTE) {
                return true;
            }
            dropped.incrementAndGet();
            return false;
        }
    }
}
