package io.contextstore.migration.operation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"exportId", "status", "dataType", "format", "recordCount", "files", "compression", "encrypted",
        "message", "startedAt", "completedAt", "durationMs"})
public record ExportResult(
        String exportId,
        OperationStatus status,
        String dataType,
        String format,
        long recordCount,
        List<ExportFile> files,
        String compression,
        boolean encrypted,
        String message,
        Instant startedAt,
        Instant completedAt,
        long durationMs,
        @JsonIgnore boolean badOptions) {

    public record ExportFile(String name, long sizeBytes, String sha256, long records, String url) {
    }
}
