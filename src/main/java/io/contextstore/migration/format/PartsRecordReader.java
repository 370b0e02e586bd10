package io.contextstore.migration.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.contextstore.migration.store.DataType;

/** The records of the parts of a split export, part after part, numbered as one input. */
final class PartsRecordReader extends LookaheadReader {

    private final List<Path> parts;
    private final RecordFormats formats;
    private final String requestedFormat;
    private final String csvDelimiter;
    private final DataType wanted;
    private final Unpacking unpacking;
    private RecordReader current;
    private int next;
    private long position;

    PartsRecordReader(List<Path> parts, RecordReader first, RecordFormats formats, String requestedFormat,
                      String csvDelimiter, DataType wanted, Unpacking unpacking) {
        this.parts = parts;
        this.current = first;
        this.next = 1;
        this.formats = formats;
        this.requestedFormat = requestedFormat;
        this.csvDelimiter = csvDelimiter;
        this.wanted = wanted;
        this.unpacking = unpacking;
    }

    @Override
    protected SourceRecord advance() {
        try {
            while (!current.hasNext()) {
                current.close();
                if (next == parts.size()) {
                    return null;
                }
                current = formats.openPart(parts.get(next++), requestedFormat, csvDelimiter, wanted, unpacking).reader();
            }
        } catch (IOException e) {
            throw new UnreadableInputException("a part cannot be read: " + e.getMessage(), null, null);
        }
        return current.next().at(++position);
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
