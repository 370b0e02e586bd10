package io.contextstore.migration.undo;

import java.time.Instant;
import java.util.List;

import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.store.ImportReverts.Conflict;

/**
 * The outcome of an undo: what it deleted and put back (with {@code dryRun}: would), the records a
 * later operation changed ({@code conflicts}, the first of {@code conflictCount}), skipped with
 * {@code force}, else the reason it was refused. {@code error}: {@code conflict} when it was refused
 * for them, {@code internal_error} when it failed, null when it completed.
 */
public record UndoResult(String operationId, String undoOf, OperationStatus status, boolean dryRun, boolean force,
                         long deleted, long restored, long conflictCount, List<Conflict> conflicts, String error,
                         String message, Instant startedAt, Instant completedAt, long durationMs) {
}
