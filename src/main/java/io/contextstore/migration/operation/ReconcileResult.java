package io.contextstore.migration.operation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.record.ValidationError;

/**
 * The result of a reconcile: how the file's records compare with the stored ones, the first
 * differences, and the report file that lists all of them. {@code extraInStore} is null unless asked.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"operationId", "status", "dataType", "format", "matches", "totalRecords", "equal", "different",
        "missingInStore", "extraInStore", "invalidRecords", "message", "differences", "differencesCut", "report", "errors",
        "validationErrors", "startedAt", "completedAt", "durationMs"})
public record ReconcileResult(
        String operationId,
        OperationStatus status,
        String dataType,
        String format,
        boolean matches,
        long totalRecords,
        long equal,
        long different,
        long missingInStore,
        Long extraInStore,
        long invalidRecords,
        String message,
        List<Difference> differences,
        boolean differencesCut,
        @JsonInclude(JsonInclude.Include.NON_NULL) Report report,
        List<RecordError> errors,
        List<ValidationError> validationErrors,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        @JsonIgnore ImportResult.FailureKind failure) {

    /**
     * A record that is not the same in the file and the store: {@code different} (with the field
     * paths that differ), {@code missingInStore}, or {@code extraInStore} (stored, not in the file;
     * no position).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Difference(String dataType, String id, Long position, String status, List<String> fields) {
    }

    /** The report file: one line per difference, downloadable from {@code url}. */
    public record Report(String name, long records, String url) {
    }
}
