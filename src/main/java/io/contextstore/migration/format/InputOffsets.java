package io.contextstore.migration.format;

import java.io.IOException;
import io.contextstore.migration.record.SourceRecord;

/**
 * A JSON or NDJSON reader over text that was transcoded to UTF-8: the offsets its parser reports
 * are of the UTF-8 it read, and are given back as offsets of the input (or none where that is no
 * longer known). The decoder's own refusals carry input offsets already.
 */
final class InputOffsets implements RecordReader {

    private final RecordReader reader;
    private final StrictTextInput text;

    InputOffsets(RecordReader reader, StrictTextInput text) {
        this.reader = reader;
        this.text = text;
    }

    @Override
    public boolean hasNext() {
        try {
            return reader.hasNext();
        } catch (UnreadableInputException e) {
            throw translated(e);
        }
    }

    @Override
    public SourceRecord next() {
        SourceRecord r;
        try {
            r = reader.next();
        } catch (UnreadableInputException e) {
            throw translated(e);
        }
        return new SourceRecord(r.position(), r.line(), text.inputOffset(r.offset()), r.fields(), r.raw(), r.parseError(),
                r.dataType());
    }

    private UnreadableInputException translated(UnreadableInputException e) {
        return text.refused(e) ? e : new UnreadableInputException(e.getMessage(), e.line(), text.inputOffset(e.offset()));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
