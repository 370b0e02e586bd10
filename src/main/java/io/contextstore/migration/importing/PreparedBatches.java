package io.contextstore.migration.importing;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;

import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.flow.ReadAhead;
import io.contextstore.migration.operation.ErrorHandling;
import io.contextstore.migration.format.RecordReader;
import io.contextstore.migration.record.CheckedBatch;
import io.contextstore.migration.record.CheckedRecord;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.Rejection;
import io.contextstore.migration.record.SourceRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The split step of an import, ahead of the store: a thread of its own reads the next batches and
 * sends each through the import-prepare route (map, your steps, validate) while the route's thread
 * writes the ones before them. Consecutive batches are joined into one write of at most
 * {@code migration.import.write-records} records, closed once it holds
 * {@code migration.limits.max-batch-bytes} (so under twice that), as
 * the store's round trips per write cost the same for few records as for many; a batch larger
 * than that is written alone. The writing stays on the route's thread because the
 * import's transaction is bound to it; so do the tally's counts, checkpoints and the error policy,
 * and batches arrive in input order, so positions, strict stops and resumes mean what they did.
 */
@Component
public class PreparedBatches {

    // besides the write in progress: the next one taken (Camel asks whether there is one before it
    // sends a write on) and the one after it being prepared
    private static final int BATCHES_WAITING = 0;

    private final RecordBatches batches;
    private final ProducerTemplate template;
    private final ExecutorService preparing;
    private final int writeRecords;
    private final long writeBytes;

    public PreparedBatches(RecordBatches batches, @Lazy ProducerTemplate template, CamelContext camel,
                           MigrationProperties properties, LimitsProperties limits) {
        this.batches = batches;
        this.template = template;
        this.writeRecords = properties.importing().writeRecords();
        this.writeBytes = limits.maxBatchBytes().toBytes();
        this.preparing = camel.getExecutorServiceManager().newCachedThreadPool(this, "ImportPrepare");
    }

    /**
     * The batches of one input, prepared ahead; {@code records}: the exchange of the input, whose
     * headers and properties the import-prepare route sees as the batch's own (your steps may use them).
     */
    public Iterator<CheckedBatch> of(RecordReader reader, ImportRun run, DataType section, Exchange records) {
        Map<String, Object> headers = new HashMap<>(records.getMessage().getHeaders());
        Map<String, Object> properties = new HashMap<>(records.getProperties());
        Iterator<List<SourceRecord>> read = batches.of(reader, run, section);
        boolean strict = run.options().errorHandling() == ErrorHandling.STRICT;
        int batchSize = run.options().batchSize();
        Iterator<Prepared> prepared = new Iterator<>() {
            // what comes after the write being joined: a failure once some batches of it were prepared,
            // or a strict import's batch with a refusal, written on its own after the batches before it
            private RuntimeException pending;
            private Prepared refusing;

            @Override
            public boolean hasNext() {
                return pending != null || refusing != null || read.hasNext();
            }

            @Override
            public Prepared next() {
                if (refusing != null) {
                    Prepared batch = refusing;
                    refusing = null;
                    return batch;
                }
                if (pending != null) {
                    RuntimeException failure = pending;
                    pending = null;
                    throw failure;
                }
                List<CheckedBatch> parts = new ArrayList<>();
                int records = 0;
                long bytes = 0;
                try {
                    do {
                        List<SourceRecord> batch = read.next();
                        CheckedBatch part = prepare(batch, headers, properties);
                        // a strict import stops at this batch's refusal, and the batches before it are
                        // written first, so that an earlier refusal of the write still comes first
                        if (strict && !part.rejected().isEmpty()) {
                            if (parts.isEmpty()) {
                                return new Prepared(batch.size(), part);
                            }
                            refusing = new Prepared(batch.size(), part);
                            break;
                        }
                        records += batch.size();
                        for (SourceRecord record : batch) {
                            bytes += record.contentBytes();
                        }
                        parts.add(part);
                    } while (records + batchSize <= writeRecords && bytes < writeBytes && read.hasNext());
                } catch (RuntimeException e) {
                    if (parts.isEmpty()) {
                        throw e;
                    }
                    pending = e;
                }
                return new Prepared(records, joined(parts));
            }
        };
        return new Taken(run, run.readingAhead(new ReadAhead<>(prepared, BATCHES_WAITING, preparing)));
    }

    private CheckedBatch prepare(List<SourceRecord> batch, Map<String, Object> headers, Map<String, Object> properties) {
        Exchange done = template.send("direct:import-prepare", exchange -> {
            properties.forEach(exchange::setProperty);
            exchange.getMessage().setHeaders(new HashMap<>(headers));
            exchange.getMessage().setBody(batch);
        });
        if (done.getException() != null) {
            throw RuntimeCamelException.wrapRuntimeException(done.getException());
        }
        return done.getMessage().getBody(CheckedBatch.class);
    }

    private static CheckedBatch joined(List<CheckedBatch> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<CheckedRecord> valid = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        long dropped = 0;
        for (CheckedBatch part : parts) {
            valid.addAll(part.valid());
            rejected.addAll(part.rejected());
            dropped += part.dropped();
        }
        return new CheckedBatch(valid, rejected, dropped);
    }

    private record Prepared(int records, CheckedBatch batch) {
    }

    /**
     * Hands the prepared batches to the route's thread, where the tally counts them as read. Camel
     * asks for the next batch before it sends one on, so a failure to read or prepare the next batch
     * is thrown when that batch is taken: the batch before it is written first, and errors keep their
     * order. Once a batch has failed (a strict stop, a cancel, a refused write), there is no next
     * batch: Camel lets go of the batches it was not given by taking them, which would read and
     * prepare the whole rest of the input. Camel asks once right after taking a batch, before the
     * batch is written; asked again while that batch is unfinished, the split has stopped.
     */
    private static final class Taken implements Iterator<CheckedBatch>, Closeable {

        private final ImportRun run;
        private final ReadAhead<Prepared> ahead;
        private RuntimeException failed;
        private boolean over;
        private boolean askedSinceTaken;

        Taken(ImportRun run, ReadAhead<Prepared> ahead) {
            this.run = run;
            this.ahead = ahead;
        }

        @Override
        public boolean hasNext() {
            if (over) {
                return false;
            }
            if (askedSinceTaken && run.tally().batchUnfinished()) {
                over = true;
                ahead.close();
                return false;
            }
            askedSinceTaken = true;
            if (failed != null) {
                return true;
            }
            try {
                return ahead.hasNext();
            } catch (RuntimeException e) {
                failed = e;
                return true;
            }
        }

        @Override
        public CheckedBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (failed != null) {
                // the batch that failed to be read or prepared counts as read up to where it stopped
                over = true;
                run.tally().readAllNumbered();
                throw failed;
            }
            Prepared prepared = ahead.next();
            askedSinceTaken = false;
            run.tally().took(prepared.records());
            return prepared.batch();
        }

        @Override
        public void close() {
            ahead.close();
        }
    }
}
