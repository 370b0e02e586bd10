package io.contextstore.migration.mapping;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Edits for steps of your own in the import route (README, "Adding a step to the pipeline"), on a
 * batch of mapped records, so that a route file can change records without Java. Paths are
 * dotted ({@code metadata.source}).
 */
@Component
public class RecordEdits {

    /** Sets the field at {@code path} of every mapped record to the text {@code value}. */
    public MappedBatch set(MappedBatch batch, String path, String value) {
        for (MappedBatch.Item item : batch.items()) {
            if (item.fields() != null) {
                ObjectNode parent = item.fields();
                String[] names = path.split("\\.");
                for (int i = 0; i < names.length - 1; i++) {
                    parent = parent.get(names[i]) instanceof ObjectNode o ? o : parent.putObject(names[i]);
                }
                parent.put(names[names.length - 1], value);
            }
        }
        return batch;
    }

    /** Leaves out the records whose field at {@code path} is the text {@code value}; they count as skipped. */
    public MappedBatch drop(MappedBatch batch, String path, String value) {
        List<MappedBatch.Item> kept = new ArrayList<>(batch.size());
        long dropped = batch.dropped();
        for (MappedBatch.Item item : batch.items()) {
            JsonNode at = item.fields();
            for (String name : path.split("\\.")) {
                at = at == null ? null : at.get(name);
            }
            if (at != null && at.isTextual() && at.textValue().equals(value)) {
                dropped++;
            } else {
                kept.add(item);
            }
        }
        return new MappedBatch(kept, dropped);
    }
}
