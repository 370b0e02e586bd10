package io.contextstore.migration.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.store.RecordStore;
import org.springframework.stereotype.Component;

/** Finds the template an import or export names in {@code templateId}. */
@Component
public class Templates {

    private final RecordStore store;
    private final ComputedFields computed;

    public Templates(RecordStore store, ComputedFields computed) {
        this.store = store;
        this.computed = computed;
    }

    public TemplatePlan plan(String templateId) {
        ObjectNode template = store.find(DataType.TEMPLATES, templateId);
        if (template == null) {
            throw new InvalidOptionsException("template '" + templateId + "' does not exist");
        }
        return TemplatePlan.of(template, computed);
    }
}
