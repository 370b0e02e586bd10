package io.contextstore.migration.format;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.FieldSpec;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import io.contextstore.migration.record.Excerpt;

/**
 * What a CSV header must name. Any text is a valid CSV document of one column, so a file of
 * unknown format is CSV only when its first line names a column the data type knows (or the
 * mapping reads); and a header none of whose columns gives a field the data type needs would
 * only fail every row alike, so it fails the file at once, naming the fields.
 */
final class CsvHeaderCheck {

    private CsvHeaderCheck() {
    }

    /** The columns of a first line, or null when it is no CSV line. */
    static List<String> firstLineColumns(String firstLine, char delimiter) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(firstLine))
                .setFormat(CsvRecordWriter.format(delimiter)).get()) {
            List<String> columns = new ArrayList<>();
            for (CSVRecord row : parser) {
                row.forEach(c -> columns.add(c == null ? "" : c.strip()));
                break;
            }
            return columns;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    /** Whether a first line is a header: no empty column name, and at least one column known. */
    static boolean namesKnownColumns(List<String> columns, DataType wanted, CsvHeaderFields fields) {
        if (columns == null || columns.isEmpty() || columns.stream().anyMatch(String::isEmpty)) {
            return false;
        }
        for (String column : columns) {
            String field = CsvHeaderFields.topLevel(column);
            for (DataType type : typesOf(wanted)) {
                if (type.has(field)) {
                    return true;
                }
            }
            if (fields.mapped(column)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a header that gives, once mapped, none of the fields the data type requires. */
    static void requireNeededColumns(List<String> headers, DataType wanted, CsvHeaderFields fields) {
        Set<String> given = fields.fieldsOf(headers);
        Set<String> needed = new LinkedHashSet<>();
        for (DataType type : typesOf(wanted)) {
            type.fields().stream().filter(FieldSpec::required).map(FieldSpec::name).forEach(needed::add);
        }
        if (needed.stream().noneMatch(given::contains)) {
            String who = wanted != null ? wanted.key() : "contexts, sessions or templates";
            throw new UnreadableInputException("the CSV header (" + Excerpt.of(String.join(", ", headers))
                    + ") has none of the columns " + who + " need: " + String.join(", ", needed)
                    + "; name the columns so, or map them with mapping.fieldMappings", 1L, null);
        }
    }

    private static List<DataType> typesOf(DataType wanted) {
        return wanted != null ? List.of(wanted) : List.of(DataType.values());
    }
}
