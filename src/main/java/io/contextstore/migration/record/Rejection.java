package io.contextstore.migration.record;

import java.util.List;

import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.ValidationError;

/**
 * A record that cannot be stored, why, and the fields at fault (none when the record as a whole
 * is); {@code id}: the record's id after mapping, where validation got that far and it has one.
 */
public record Rejection(SourceRecord record, String error, List<ValidationError> fieldErrors, String id) {

    public Rejection(SourceRecord record, String error, List<ValidationError> fieldErrors) {
        this(record, error, fieldErrors, null);
    }

    public static Rejection of(SourceRecord record, String error) {
        return new Rejection(record, error, List.of());
    }
}
