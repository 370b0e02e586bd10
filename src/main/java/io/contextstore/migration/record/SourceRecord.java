package io.contextstore.migration.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record as read from an input file: its 1-based position, where it started (line and byte
 * offset where the format has them), the parsed fields, or why it could not be parsed. The data
 * type is set when the input says it (a section of a multi-type document, an entry of a zip);
 * otherwise the import's data type applies, or the record's shape decides.
 */
public record SourceRecord(long position, Long line, Long offset, ObjectNode fields, Object raw, String parseError,
                           DataType dataType) {

    public static SourceRecord parsed(long position, Long line, Long offset, ObjectNode fields, Object raw) {
        return new SourceRecord(position, line, offset, fields, raw, null, null);
    }

    public static SourceRecord unparsable(long position, Long line, Long offset, Object raw, String error) {
        return new SourceRecord(position, line, offset, null, raw, error, null);
    }

    public SourceRecord in(DataType section) {
        return section == null ? this : new SourceRecord(position, line, offset, fields, raw, parseError, section);
    }

    public SourceRecord at(long newPosition) {
        return new SourceRecord(newPosition, line, offset, fields, raw, parseError, dataType);
    }

    /**
     * About how many bytes of content the record holds: its field names and values as text and its
     * text as read (an unparsed record: what was kept of it), for budgets that must not count records alone.
     */
    public long contentBytes() {
        long verbatim = raw instanceof Verbatim v ? v.length() : 0;
        if (fields == null) {
            return raw instanceof CharSequence text ? text.length() : verbatim;
        }
        return contentBytes(fields) + verbatim;
    }

    private static long contentBytes(JsonNode node) {
        if (node.isContainerNode()) {
            long n = 2;
            if (node.isObject()) {
                for (var field : node.properties()) {
                    n += field.getKey().length() + 2 + contentBytes(field.getValue());
                }
            } else {
                for (var item : node) {
                    n += 1 + contentBytes(item);
                }
            }
            return n;
        }
        return node.isTextual() ? node.textValue().length() + 2L : node.isBinary() ? node.toString().length() : 8;
    }

    /** The record's text exactly as the input had it, where its reader kept it (not beyond the size limit). */
    public Verbatim verbatim() {
        return raw instanceof Verbatim v ? v : null;
    }

    public boolean isParsed() {
        return parseError == null;
    }

    /**
     * The record as it stood in the input: the original text where kept (readers may keep an object
     * whose {@code toString()} rebuilds it, so that only records that fail pay for it), else the
     * parsed fields.
     */
    public String rawText() {
        if (raw != null) {
            return raw.toString();
        }
        return fields == null ? null : fields.toString();
    }
}
