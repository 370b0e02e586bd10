package io.contextstore.migration.operation;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Operations a stopped or crashed service left marked running are marked interrupted: at start-up,
 * before the routes start, and at every heartbeat (operations-heartbeat route), so that a client
 * polling an operation of a dead instance sees an end while the others run on. Only those that have
 * not shown they are alive for {@code migration.operations.stale-after} (5 min): a running operation
 * does at every heartbeat of its instance. An inbox import among them is taken up again from its
 * checkpoint when its file is polled.
 */
@Component
public class InterruptedOperations implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(InterruptedOperations.class);

    private final OperationRepository operations;
    private final Duration staleAfter;

    public InterruptedOperations(OperationRepository operations,
                                 @Value("${migration.operations.stale-after:5m}") Duration staleAfter) {
        this.operations = operations;
        this.staleAfter = staleAfter;
    }

    @Override
    public void afterSingletonsInstantiated() {
        markStale();
    }

    public int markStale() {
        int marked = operations.markInterrupted(staleAfter);
        if (marked > 0) {
            log.warn("{} operation(s) left running by a stopped service marked interrupted", marked);
        }
        return marked;
    }
}
