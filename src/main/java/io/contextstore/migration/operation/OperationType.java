package io.contextstore.migration.operation;

import com.fasterxml.jackson.annotation.JsonValue;

public enum OperationType {
    IMPORT, EXPORT, VALIDATE, UNDO;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }
}
