package io.contextstore.migration.operation;

import com.fasterxml.jackson.annotation.JsonValue;

public enum OperationStatus {
    RUNNING, COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED, INTERRUPTED;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }

    public static OperationStatus of(String value) {
        return valueOf(value.toUpperCase());
    }
}
