package io.contextstore.migration.operation;

import java.util.List;

import io.contextstore.migration.config.OperationLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Run by the operations-heartbeat route: the operations of this instance show they are alive in the
 * store, and a cancel another instance recorded for one of them reaches its flag.
 */
@Component
public class OperationHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(OperationHeartbeat.class);

    private final OperationRepository operations;
    private final RunningOperations running;
    private final long periodMillis;

    public OperationHeartbeat(OperationRepository operations, RunningOperations running, OperationLimits limits) {
        this.operations = operations;
        this.running = running;
        this.periodMillis = limits.heartbeat().toMillis();
    }

    /** {@code migration.operations.heartbeat} in milliseconds, as the route's timer takes it (Spring reads "PT1S" too). */
    public long periodMillis() {
        return periodMillis;
    }

    public void beat() {
        List<String> cancelled = operations.heartbeat(running.ids());
        for (String id : cancelled) {
            if (running.cancelFirst(id)) {
                log.info("operation {}: cancel requested through another instance", id);
            }
        }
    }
}
