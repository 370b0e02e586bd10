package io.contextstore.migration.operation;

import java.time.Instant;

/** A snapshot of a running operation, written to its row as it goes. */
public record Progress(long processed, Long estimatedTotal, long successful, long failed, long skipped, long duplicates,
                long overwritten, long bytesRead, Long bytesTotal, double recordsPerSecond, Instant estimatedCompletion) {
}
