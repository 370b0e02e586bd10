package io.contextstore.migration.record;

/** How a record field is checked, stored in its column and read back. */
public enum FieldKind {
    /** a JSON string in a text column */
    STRING,
    /** an ISO-8601 instant, stored as TIMESTAMP WITH TIME ZONE in UTC */
    INSTANT,
    /** a list of strings, stored as a JSON array */
    STRING_LIST,
    /** a JSON object, stored as JSON text */
    OBJECT,
    /** a list of {name, contentType, data (base64)} objects, stored as JSON text */
    ATTACHMENTS
}
