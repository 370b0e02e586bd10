package io.contextstore.migration.record;

/**
 * One field of a record type: its name in files, its column, how it is typed, whether it is
 * required, and its longest allowed value (0 = no limit beyond the column type).
 */
public record FieldSpec(String name, String column, FieldKind kind, boolean required, int maxLength) {

    static FieldSpec required(String name, String column, FieldKind kind, int maxLength) {
        return new FieldSpec(name, column, kind, true, maxLength);
    }

    static FieldSpec optional(String name, String column, FieldKind kind, int maxLength) {
        return new FieldSpec(name, column, kind, false, maxLength);
    }
}
