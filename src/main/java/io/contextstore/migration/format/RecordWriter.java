package io.contextstore.migration.format;

import java.io.Closeable;
import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes records one at a time to an export file; {@link #close} ends the document. */
public interface RecordWriter extends Closeable {

    void write(ObjectNode record) throws IOException;
}
