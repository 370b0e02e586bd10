package io.contextstore.migration.mapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.contextstore.migration.format.CsvHeaderFields;

/** The fields a CSV header's columns give under an import's mapping and its template's computed fields. */
public record MappedColumns(RecordMapping mapping, TemplatePlan template) implements CsvHeaderFields {

    @Override
    public Set<String> fieldsOf(List<String> columns) {
        Set<String> fields = new LinkedHashSet<>(mapping.fieldsFrom(columns));
        if (template != null) {
            template.computedFieldNames().forEach(name -> fields.add(CsvHeaderFields.topLevel(name)));
        }
        return fields;
    }

    @Override
    public boolean mapped(String column) {
        return mapping.reads(column);
    }
}
