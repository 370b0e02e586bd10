package io.contextstore.migration.operation;

import java.time.Duration;

/** When a running operation last reported progress, and how long it has run. */
public final class ProgressClock {

    private final long startNanos = System.nanoTime();
    private long lastReportNanos;

    /** True at most once per {@code every}: the operation row is updated that often, not per batch. */
    public boolean due(Duration every) {
        long now = System.nanoTime();
        if (now - lastReportNanos < every.toNanos()) {
            return false;
        }
        lastReportNanos = now;
        return true;
    }

    public double seconds() {
        return Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
    }
}
