package io.contextstore.migration.record;

import java.util.List;

import org.springframework.stereotype.Component;

/** The figures the routes' meter steps count, from each stage's outcome. */
@Component
public class RecordCounts {

    public int of(List<?> batch) {
        return batch.size();
    }

    public int valid(CheckedBatch batch) {
        return batch.valid().size();
    }

    public int refused(Refusals outcome) {
        return outcome.rejected().size();
    }

    public long stored(Refusals outcome) {
        return outcome instanceof StoredCount stored ? stored.stored() : 0;
    }

    /** An outcome that stored records. */
    public interface StoredCount {
        long stored();
    }

    public int of(RecordPage page) {
        return page.records().size();
    }

    public boolean anyRefused(Refusals outcome) {
        return outcome.anyRejected();
    }
}
