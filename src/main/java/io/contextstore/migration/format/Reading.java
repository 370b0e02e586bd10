package io.contextstore.migration.format;

import io.contextstore.migration.record.DataType;

/**
 * How an import asks its records to be read: the format option (null: detect), the CSV delimiter
 * (null: detect), the data type (null: from the input's sections or the records' shape), what a
 * CSV header's columns become under its mapping, and the charset (null: detect). The record data
 * formats find it in the exchange property {@value #PROPERTY}; without it they read with defaults.
 */
public record Reading(String format, String csvDelimiter, DataType wanted, CsvHeaderFields csvFields,
                      String encoding) {

    public static final String PROPERTY = "MigrationReading";
    public static final Reading DEFAULTS = new Reading(null, null, null, CsvHeaderFields.AS_NAMED, null);

    /** The same, for an input whose name gives its data type (a zip entry {@code sessions.csv}). */
    public Reading ofType(DataType type) {
        return type == null || wanted != null ? this : new Reading(format, csvDelimiter, type, csvFields, encoding);
    }
}
