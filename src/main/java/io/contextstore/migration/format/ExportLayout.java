package io.contextstore.migration.format;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;

/**
 * What an export document holds: its data types (one, or all three as sections), the export
 * header ({@code exportedAt, dataType, recordCount, version}) when metadata is included, and the
 * CSV options; {@code zipPerType}: all types as a zip of one file per type (always so for CSV).
 */
public record ExportLayout(List<DataType> sections, boolean all, ObjectNode header, boolean spreadsheetSafe,
                           Map<DataType, CsvColumns> csvColumns, boolean zipPerType) {
}
