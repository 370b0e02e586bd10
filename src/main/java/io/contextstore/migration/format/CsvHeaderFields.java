package io.contextstore.migration.format;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the columns of a CSV header give the records of an import once its mapping has renamed
 * them. A header is checked against the fields the data type needs before the first row is read,
 * and an input of unknown format is taken for CSV only when its first line names known columns.
 */
public interface CsvHeaderFields {

    /** Every column as the field its name says ({@code metadata.importance} is {@code metadata}): no mapping. */
    CsvHeaderFields AS_NAMED = new CsvHeaderFields() {
        @Override
        public Set<String> fieldsOf(List<String> columns) {
            Set<String> fields = new LinkedHashSet<>();
            columns.forEach(c -> fields.add(topLevel(c)));
            return fields;
        }

        @Override
        public boolean mapped(String column) {
            return false;
        }
    };

    /** The top-level fields a row with these columns may have once mapped. */
    Set<String> fieldsOf(List<String> columns);

    /** Whether the import's mapping reads this column, which makes it known whatever its name. */
    boolean mapped(String column);

    static String topLevel(String column) {
        int dot = column.indexOf('.');
        return dot < 0 ? column : column.substring(0, dot);
    }
}
