package io.contextstore.migration.operation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.contextstore.migration.format.Detected;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.record.ValidationError;

/** The result of an import (also the inbox report file). */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"operationId", "status", "dataType", "format", "dryRun", "totalRecords", "successfulRecords",
        "failedRecords", "skippedRecords", "duplicateRecords", "overwrittenRecords", "message", "errors",
        "validationErrors", "errorsCut", "budgetExceeded", "rejects", "detected", "startedAt", "completedAt", "durationMs"})
public record ImportResult(
        String operationId,
        OperationStatus status,
        String dataType,
        String format,
        boolean dryRun,
        long totalRecords,
        long successfulRecords,
        long failedRecords,
        long skippedRecords,
        long duplicateRecords,
        long overwrittenRecords,
        String message,
        List<RecordError> errors,
        List<ValidationError> validationErrors,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorsCut,
        @JsonInclude(JsonInclude.Include.NON_NULL) ErrorBudgetExceededException.BudgetExceeded budgetExceeded,
        @JsonInclude(JsonInclude.Include.NON_NULL) Rejects rejects,
        Detected detected,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        @JsonIgnore FailureKind failure) {

    /**
     * The rejects file: its name, the records in it, those refused but left out of it (their text
     * was larger than the record limit, or cut short by a malformed next row), and where it downloads.
     */
    public record Rejects(String name, long records, long omitted, String url) {
    }

    /** Why a failed import failed, for callers that map it to a protocol status. */
    public enum FailureKind { NONE, INVALID_OPTIONS, UNSUPPORTED_FORMAT, UNREADABLE_INPUT, REJECTED_RECORD, INTERNAL, CANCELLED }
}
