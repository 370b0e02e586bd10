package io.contextstore.migration.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;

/**
 * Writes records as Markdown a person can read and the import reads back exactly (SPEC §6):
 * {@code # <dataType>} per section, {@code ## Item N} per record and {@code **field:** value} per
 * field. A value that one line cannot hold exactly goes in a fenced block after its field line:
 * {@code text} for multi-line text, {@code json} for objects, lists and strings with characters
 * or edges a line would lose.
 */
final class MarkdownRecordWriter implements RecordWriter {

    private final Writer out;
    private final ObjectWriter pretty;
    private final boolean sectioned;
    private long item;

    MarkdownRecordWriter(OutputStream stream, ObjectMapper mapper, ExportLayout layout) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        this.pretty = mapper.writerWithDefaultPrettyPrinter();
        if (layout.header() != null) {
            out.write("# Export\n\n");
            for (Map.Entry<String, JsonNode> e : layout.header().properties()) {
                out.write("**" + e.getKey() + ":** " + e.getValue().asText() + "\n");
            }
            out.write("\n");
        }
        this.sectioned = layout.all();
        if (!sectioned) {
            // one data type: its heading now, as the import needs it; the export's own announcement adds none
            heading(layout.sections().get(0));
        }
    }

    @Override
    public void section(DataType type) throws IOException {
        if (sectioned) {
            heading(type);
        }
    }

    private void heading(DataType type) throws IOException {
        out.write("# " + type.key() + "\n\n");
        item = 0;
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        out.write("## Item " + (++item) + "\n\n");
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            field(e.getKey(), e.getValue());
        }
        out.write("\n");
    }

    private void field(String name, JsonNode value) throws IOException {
        String label = "**" + name + ":**";
        if (value.isTextual() && MarkdownText.fitsLine(value.asText())) {
            out.write(label + " " + value.asText() + "\n");
        } else if (value.isArray() && MarkdownText.fitsList(value) && CsvColumns.cellOf(name) == CsvColumns.Cell.LIST) {
            StringBuilder joined = new StringBuilder();
            value.forEach(v -> joined.append(joined.isEmpty() ? "" : ", ").append(v.asText()));
            out.write(label + " " + joined + "\n");
        } else if (value.isTextual() && MarkdownText.fitsBlock(value.asText())) {
            String fence = MarkdownText.fenceFor(value.asText());
            out.write(label + "\n\n" + fence + "text\n" + value.asText() + "\n" + fence + "\n\n");
        } else {
            String json = pretty.writeValueAsString(value);
            String fence = MarkdownText.fenceFor(json);
            out.write(label + "\n\n" + fence + "json\n" + json + "\n" + fence + "\n\n");
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
