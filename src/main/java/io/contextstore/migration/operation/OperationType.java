package io.contextstore.migration.operation;

import com.fasterxml.jackson.annotation.JsonValue;

public enum OperationType {
    IMPORT, EXPORT, VALIDATE, UNDO, RECONCILE;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }
}
