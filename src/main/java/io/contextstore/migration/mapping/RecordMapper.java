package io.contextstore.migration.mapping;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.record.Rejection;
import org.springframework.stereotype.Component;

/**
 * The map step of an import: the request's field mapping, then the template's computed fields
 * and defaults. A record that did not parse, or whose mapping fails, comes out as its rejection.
 */
@Component
public class RecordMapper {

    public MappedBatch map(List<SourceRecord> batch, MappingSettings settings) {
        RecordMapping mapping = settings.mapping();
        TemplatePlan template = settings.template();
        List<MappedBatch.Item> items = new ArrayList<>(batch.size());
        for (SourceRecord record : batch) {
            if (!record.isParsed()) {
                items.add(new MappedBatch.Item(record, null, Rejection.of(record, record.parseError())));
                continue;
            }
            List<ValidationError> problems = new ArrayList<>();
            ObjectNode fields = mapping.apply(record.fields(), record.position(), problems);
            if (problems.isEmpty() && template != null) {
                template.complete(fields, record.position(), problems);
            }
            if (problems.isEmpty()) {
                StorableText.check(fields, record.position(), problems);
            }
            items.add(problems.isEmpty() ? new MappedBatch.Item(record, fields, null)
                    : new MappedBatch.Item(record, null, new Rejection(record, RecordValidator.summary(problems), problems)));
        }
        return new MappedBatch(items);
    }
}
