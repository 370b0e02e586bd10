package io.contextstore.migration.operation;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

/**
 * The operations running in this instance, with a cancel flag each. A cancel is honoured between
 * batches: the job checks its flag before it reads the next one. A cancel asked of another instance
 * sets the flag at this instance's next heartbeat ({@link OperationHeartbeat}).
 */
@Component
public class RunningOperations {

    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    public AtomicBoolean register(String operationId) {
        return running.computeIfAbsent(operationId, id -> new AtomicBoolean());
    }

    public void finished(String operationId) {
        running.remove(operationId);
    }

    /** The ids of the operations running in this instance now. */
    public Set<String> ids() {
        return Set.copyOf(running.keySet());
    }

    /** How many operations run in this instance. */
    public int count() {
        return running.size();
    }

    /** True when the operation runs here and had not been asked to stop before. */
    public boolean cancelFirst(String operationId) {
        AtomicBoolean flag = running.get(operationId);
        return flag != null && !flag.getAndSet(true);
    }

    /** True when the operation runs here and is now asked to stop. */
    public boolean cancel(String operationId) {
        AtomicBoolean flag = running.get(operationId);
        if (flag == null) {
            return false;
        }
        flag.set(true);
        return true;
    }
}
