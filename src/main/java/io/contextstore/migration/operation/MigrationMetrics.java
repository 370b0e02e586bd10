package io.contextstore.migration.operation;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Progress as meters (on {@code /actuator/prometheus} and JMX): records by operation type, data
 * type and outcome, bytes read or written, batch latency, and the operations running now.
 */
@Component
public class MigrationMetrics {

    private final MeterRegistry registry;

    public MigrationMetrics(MeterRegistry registry, RunningOperations running) {
        this.registry = registry;
        registry.gauge("migration.operations.active", running, RunningOperations::count);
    }

    public void records(String operation, String dataType, String outcome, long count) {
        if (count > 0) {
            Counter.builder("migration.records").description("records by operation, data type and outcome")
                    .tag("operation", operation).tag("dataType", dataType).tag("outcome", outcome)
                    .register(registry).increment(count);
        }
    }

    public void bytes(String operation, String dataType, long count) {
        if (count > 0) {
            Counter.builder("migration.bytes").description("bytes read of imports' inputs, written by exports")
                    .baseUnit("bytes").tag("operation", operation).tag("dataType", dataType)
                    .register(registry).increment(count);
        }
    }

    public void batch(String operation, String dataType, long nanos) {
        Timer.builder("migration.batch").description("time to process one batch")
                .tag("operation", operation).tag("dataType", dataType)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
