package io.contextstore.migration.format;

import java.io.IOException;
import java.util.List;

import io.contextstore.migration.store.DataType;

/** The records of the parts of a split export, part after part, numbered as one input. */
final class PartsRecordReader extends LookaheadReader {

    private final List<SplitManifest.Part> parts;
    private final java.util.concurrent.atomic.AtomicLong raw;
    private long inPart;
    private final RecordFormats formats;
    private final String requestedFormat;
    private final String csvDelimiter;
    private final DataType wanted;
    private final Unpacking unpacking;
    private RecordReader current;
    private int next;
    private long position;

    PartsRecordReader(List<SplitManifest.Part> parts, RecordReader first, RecordFormats formats,
                      java.util.concurrent.atomic.AtomicLong raw, String requestedFormat, String csvDelimiter,
                      DataType wanted, Unpacking unpacking) {
        this.parts = parts;
        this.raw = raw;
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
                // a part with other records than the manifest says fails the import before it commits
                SplitManifest.Part done = parts.get(next - 1);
                if (done.records() >= 0 && inPart != done.records()) {
                    throw new UnreadableInputException("part " + done.name() + " holds " + inPart
                            + " records, the manifest says " + done.records(), null, null);
                }
                inPart = 0;
                if (next == parts.size()) {
                    return null;
                }
                current = formats.openPart(parts.get(next++).file(), raw, requestedFormat, csvDelimiter, wanted,
                        unpacking).reader();
            }
        } catch (IOException e) {
            throw new UnreadableInputException("a part cannot be read: " + IoMessages.describe(e), null, null);
        }
        inPart++;
        return current.next().at(++position);
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
