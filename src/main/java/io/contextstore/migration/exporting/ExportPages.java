package io.contextstore.migration.exporting;

import java.util.Iterator;
import java.util.concurrent.ExecutorService;

import io.contextstore.migration.record.RecordPage;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * The query step of the export route. The database's round trips for the next pages run on a
 * Camel thread pool of their own, while the route's thread maps and marshals: one page waits,
 * one is being fetched, each of at most {@code fetchSize} records and {@code max-batch-bytes} of text.
 */
@Component
public class ExportPages {

    private static final int PAGES_AHEAD = 1;

    private final ExecutorService fetching;

    public ExportPages(CamelContext camel) {
        this.fetching = camel.getExecutorServiceManager().newCachedThreadPool(this, "ExportFetch");
    }

    public Iterator<RecordPage> of(ExportRun run) {
        return run.pagesAhead(fetching, PAGES_AHEAD);
    }
}
