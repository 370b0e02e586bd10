package io.contextstore.migration.exporting;

import io.contextstore.migration.format.DocumentPage;
import io.contextstore.migration.record.RecordPage;
import org.springframework.stereotype.Component;

/** Hands the marshal step of the export route a page together with the export's open document. */
@Component
public class ExportDocuments {

    public DocumentPage page(RecordPage page, ExportRun run) {
        return new DocumentPage(page, run);
    }
}
