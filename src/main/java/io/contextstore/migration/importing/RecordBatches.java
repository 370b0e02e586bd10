package io.contextstore.migration.importing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.format.RecordReader;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.DataType;
import org.springframework.stereotype.Component;
import java.util.function.BooleanSupplier;

/**
 * The split step of an import: the records of one input in batches of {@code batchSize}, read
 * lazily as the route asks for them. A batch also closes once its records hold
 * {@code migration.limits.max-batch-bytes} of content, so a batch of large records is never
 * {@code batchSize} times their size in memory. Records are numbered across all inputs of the import.
 */
@Component
public class RecordBatches {

    private final long maxBatchBytes;

    public RecordBatches(LimitsProperties limits) {
        this.maxBatchBytes = limits.maxBatchBytes().toBytes();
    }

    /** {@code section}: the data type the input's name gives (a zip entry), or null. */
    public Iterator<List<SourceRecord>> of(RecordReader reader, ImportRun run, DataType section) {
        int batchSize = run.options().batchSize();
        return new Iterator<>() {
            // once the reader has failed, the input is not read again (Camel asks once more when it lets go)
            private boolean failed;

            @Override
            public boolean hasNext() {
                return !failed && guarded(() -> skipCommitted() && reader.hasNext());
            }

            /** A resumed import reads past the records a previous run committed, without writing them again. */
            private boolean skipCommitted() {
                while (run.skipsNext() && reader.hasNext()) {
                    reader.next();
                    run.skippedOne();
                }
                return true;
            }

            @Override
            public List<SourceRecord> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<SourceRecord> batch = new ArrayList<>(Math.min(batchSize, 1024));
                long bytes = 0;
                while (batch.size() < batchSize && bytes < maxBatchBytes && guarded(reader::hasNext)) {
                    SourceRecord record = reader.next();
                    bytes += record.contentBytes();
                    long position = run.tally().numberOne();
                    SourceRecord numbered = record.position() == position ? record : record.at(position);
                    batch.add(numbered.in(record.dataType() == null ? section : null));
                }
                return batch;
            }

            private boolean guarded(BooleanSupplier step) {
                try {
                    return step.getAsBoolean();
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }
        };
    }
}
