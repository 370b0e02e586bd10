package io.contextstore.migration.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code migration.operations.*}: how many imports, exports and validations run at once
 * ({@code maxConcurrent}), the connections kept apart from them for locks, progress, audit and
 * reads ({@code reservedConnections}), the {@code Retry-After} of a call refused over the bound,
 * how often running operations show they are alive ({@code heartbeat}), and when one that has not
 * for {@code staleAfter} counts as left by a stopped service.
 */
@ConfigurationProperties("migration.operations")
public record OperationLimits(Integer maxConcurrent, Integer reservedConnections, Duration retryAfter,
                              Duration staleAfter, Duration heartbeat) {

    public OperationLimits {
        maxConcurrent = maxConcurrent == null ? 4 : maxConcurrent;
        reservedConnections = reservedConnections == null ? 4 : reservedConnections;
        retryAfter = retryAfter == null ? Duration.ofSeconds(10) : retryAfter;
        staleAfter = staleAfter == null ? Duration.ofMinutes(5) : staleAfter;
        heartbeat = heartbeat == null ? Duration.ofSeconds(1) : heartbeat;
        // three heartbeats may be late before a live operation looks stale
        if (heartbeat.toMillis() < 1 || heartbeat.multipliedBy(3).compareTo(staleAfter) > 0) {
            throw new IllegalArgumentException("migration.operations.heartbeat must be at least 1ms and at most a third "
                    + "of stale-after (" + staleAfter + "), not " + heartbeat);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("migration.operations.max-concurrent must be at least 1, not "
                    + maxConcurrent);
        }
        if (reservedConnections < 1) {
            throw new IllegalArgumentException("migration.operations.reserved-connections must be at least 1, not "
                    + reservedConnections);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("migration.operations.retry-after must be positive, not " + retryAfter);
        }
    }

    /**
     * Store connections one running operation holds at most at once: an export of all types has a
     * cursor per type open for its whole length (an import holds one transaction).
     */
    public static final int CONNECTIONS_PER_OPERATION = 3;

    /** The operations' own pool, so that {@code maxConcurrent} of them never wait for a connection. */
    public int operationConnections() {
        return CONNECTIONS_PER_OPERATION * maxConcurrent + 2;
    }
}
