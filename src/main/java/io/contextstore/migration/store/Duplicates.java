package io.contextstore.migration.store;

/** What an import does with a record whose id is already stored (or earlier in its input). */
public enum Duplicates {
    /** replace the stored record ({@code overwriteExisting}) */
    OVERWRITE,
    /** leave the stored one and count the record as a duplicate ({@code skipDuplicates}) */
    SKIP,
    /** refuse the record */
    REJECT
}
