package io.contextstore.migration.format;

import java.io.Closeable;
import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;

/**
 * Writes records one at a time to an export file; {@link #close} ends the document. An export of
 * several data types announces each with {@link #section} before its records (also when it has none).
 */
public interface RecordWriter extends Closeable {

    default void section(DataType type) throws IOException {
    }

    void write(ObjectNode record) throws IOException;

    /** Bytes written and still held by the writer, not yet passed to its stream, where it can tell. */
    default long buffered() {
        return 0;
    }
}
