package io.contextstore.migration.format;

import java.io.Closeable;
import java.util.Iterator;
import io.contextstore.migration.record.SourceRecord;

/**
 * A pull parser over an input file: one record at a time, never the whole file. A structural error
 * that makes the rest of the input unreadable ends the iteration with {@link UnreadableInputException};
 * a record that merely fails to parse is returned as {@link SourceRecord#unparsable}.
 */
public interface RecordReader extends Iterator<SourceRecord>, Closeable {

    /** What a document of this input's rejected records needs besides them, known once the reader is open. */
    default RejectsFrame frame() {
        return new RejectsFrame("", "", RejectsFrame.Shape.LINES);
    }
}
