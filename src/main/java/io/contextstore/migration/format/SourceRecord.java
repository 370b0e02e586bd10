package io.contextstore.migration.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record as read from an input file: its 1-based position, where it started (line and byte
 * offset where the format has them), the parsed fields, or why it could not be parsed.
 */
public record SourceRecord(long position, Long line, Long offset, ObjectNode fields, String raw, String parseError) {

    public static SourceRecord parsed(long position, Long line, Long offset, ObjectNode fields, String raw) {
        return new SourceRecord(position, line, offset, fields, raw, null);
    }

    public static SourceRecord unparsable(long position, Long line, Long offset, String raw, String error) {
        return new SourceRecord(position, line, offset, null, raw, error);
    }

    public boolean isParsed() {
        return parseError == null;
    }

    /** The record as it stood in the input: the original text where kept, else the parsed fields. */
    public String rawText() {
        if (raw != null) {
            return raw;
        }
        return fields == null ? null : fields.toString();
    }
}
