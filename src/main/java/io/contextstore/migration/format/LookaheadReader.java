package io.contextstore.migration.format;

import java.util.NoSuchElementException;
import io.contextstore.migration.record.SourceRecord;

/**
 * A reader that finds its next record ahead of time, so that {@link #hasNext} can answer: readers
 * implement {@link #advance}, which returns the next record or null at the end of the input.
 */
abstract class LookaheadReader implements RecordReader {

    private SourceRecord pending;
    private boolean ended;

    /** The next record, or null when there is none; called again only while it has not returned null. */
    protected abstract SourceRecord advance();

    @Override
    public final boolean hasNext() {
        if (pending == null && !ended) {
            try {
                pending = advance();
            } catch (RuntimeException e) {
                ended = true;
                throw e;
            }
            ended = pending == null;
        }
        return pending != null;
    }

    @Override
    public final SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord next = pending;
        pending = null;
        return next;
    }
}
