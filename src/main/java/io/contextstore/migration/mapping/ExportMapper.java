package io.contextstore.migration.mapping;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.RecordPage;
import org.springframework.stereotype.Component;

/** The map step of an export: each record of a page as the export's template shapes it (none: as stored). */
@Component
public class ExportMapper {

    /** What the map step of an export needs of it. */
    public interface ExportMapping {
        /** The template of {@code templateId}, or null. */
        TemplatePlan template();
    }

    public RecordPage map(RecordPage page, ExportMapping export) {
        TemplatePlan template = export.template();
        if (template == null) {
            return page;
        }
        List<ObjectNode> mapped = new ArrayList<>(page.records().size());
        page.records().forEach(record -> mapped.add(template.forExport(record)));
        return new RecordPage(page.type(), mapped);
    }
}
