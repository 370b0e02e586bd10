package io.contextstore.migration.operation;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.contextstore.migration.record.InvalidOptionsException;

public enum ErrorHandling {
    /** stop at the first failure; nothing of the import stays */
    STRICT("strict"),
    /** store every valid record, list every failure */
    LENIENT("lenient"),
    /** skip invalid records, count them, list the first 100 */
    SKIP_ERRORS("skip-errors");

    private final String value;

    ErrorHandling(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static ErrorHandling of(String value) {
        return Arrays.stream(values()).filter(e -> e.value.equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new InvalidOptionsException(
                        "errorHandling must be strict, lenient or skip-errors, not '" + value + "'"));
    }
}
