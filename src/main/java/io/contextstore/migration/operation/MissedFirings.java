package io.contextstore.migration.operation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

import io.contextstore.migration.config.MigrationProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Before a schedule's run: the firings of its cron between its previous run and this one that no
 * instance ran (the service was down, or the instance holding the schedule died and the lock had not
 * been taken over yet) are reported, in the log and the audit trail. They are not run late: the
 * next run exports what they would have (an incremental one from its watermark).
 */
@Component
public class MissedFirings {

    private static final Logger log = LoggerFactory.getLogger(MissedFirings.class);
    // a firing this close before now is the one running
    private static final long CURRENT_FIRING_MILLIS = 1000;
    private static final int MAX_COUNTED = 100_000;

    private final OperationRepository operations;
    private final AuditLog audit;
    private final Map<String, String> crons = new HashMap<>();

    public MissedFirings(OperationRepository operations, AuditLog audit, MigrationProperties properties) {
        this.operations = operations;
        this.audit = audit;
        properties.schedules().forEach(schedule -> crons.put(schedule.name(), schedule.cron()));
    }

    /** The number of firings missed since the schedule's previous run (0 for its first run). */
    public int report(String name) {
        String cron = crons.get(name);
        Instant previous = operations.latestStartBy("schedule:" + name);
        if (previous == null) {
            return 0;
        }
        CronExpression expression = CronExpression.parse(cron);
        Instant current = Instant.now().minusMillis(CURRENT_FIRING_MILLIS);
        ZonedDateTime next = expression.next(previous.atZone(ZoneId.systemDefault()));
        ZonedDateTime first = null;
        ZonedDateTime last = null;
        int missed = 0;
        while (next != null && next.toInstant().isBefore(current) && missed < MAX_COUNTED) {
            first = first == null ? next : first;
            last = next;
            missed++;
            next = expression.next(next);
        }
        if (missed > 0) {
            String details = missed + " firing(s) of schedule " + name + " not run, from " + first.toInstant() + " to "
                    + last.toInstant() + ": no instance was running it";
            log.warn("{}", details);
            audit.record(new AuditLog.Entry("schedule:" + name, "schedule-missed", null, null, "missed", (long) missed,
                    null, null, details));
        }
        return missed;
    }
}
