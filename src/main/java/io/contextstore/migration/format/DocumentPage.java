package io.contextstore.migration.format;

import java.io.IOException;

import io.contextstore.migration.record.RecordPage;

/**
 * A page of an export for a record data format to marshal: an export streams one document across
 * many pages (and parts), so the page goes into the document the export holds open, not into a
 * document of its own.
 */
public record DocumentPage(RecordPage page, Document document) {

    /** A document being written page by page. */
    public interface Document {
        void write(RecordPage page) throws IOException;
    }
}
