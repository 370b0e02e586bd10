package io.contextstore.migration.format;

/**
 * What holds an input's records together, so that its rejected records ({@code SourceRecord#verbatim})
 * can be written into a document of the same format that reads as the input did: the text before
 * them (a CSV header, an XML prolog and root tag), the text after them, and how they are listed.
 */
public record RejectsFrame(String head, String tail, Shape shape) {

    public enum Shape {
        /** One record after another, each ending with a line break: CSV rows, NDJSON lines, Markdown records. */
        LINES,
        /** A JSON array, a YAML sequence. */
        LIST,
        /** An object or mapping with a list per data type. */
        SECTIONS,
        /** Top-level values, one after another (a JSON object or several, YAML documents). */
        VALUES
    }
}
