package io.contextstore.migration.store;

/**
 * Where a stored record came from: the operation that last wrote it, the name of the input it was
 * read from and its record number there (1-based, as its errors would give it). All null for a
 * record written otherwise (a template created through the API).
 */
public record Lineage(String operationId, String sourceName, Long position) {

    public static final Lineage NONE = new Lineage(null, null, null);
}
