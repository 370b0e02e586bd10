package io.contextstore.migration.mapping;

import io.contextstore.migration.record.RecordTypes;

/** What the map and validate steps of an import need of it: its mapping, template, schema rule and record types. */
public interface MappingSettings {

    RecordMapping mapping();

    /** The template of {@code templateId}, or null. */
    TemplatePlan template();

    boolean validateSchema();

    RecordTypes types();

    /**
     * Whether a field the record lacks gets its default ({@code createdAt}: now, a context's
     * {@code type}); a reconcile compares only what the file says.
     */
    default boolean fillsDefaults() {
        return true;
    }
}
