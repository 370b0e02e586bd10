package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;

/**
 * Writes a JSON array of records (one per line), NDJSON, or for several data types an object with
 * a {@code _meta} header and an array per type. Records are written as root values and the
 * punctuation between them here, so the generator keeps no state across a long export.
 */
final class JsonRecordWriter implements RecordWriter {

    private final JsonGenerator generator;
    private final ObjectWriter values;
    private final OutputStream out;
    private final boolean array;
    private final boolean sectioned;
    private boolean first = true;
    private boolean anySection;
    private boolean openSection;

    /** {@code values} writes each record without a flush of its own. */
    JsonRecordWriter(OutputStream out, ObjectWriter values, boolean array, ExportLayout layout) throws IOException {
        this.out = out;
        this.array = array;
        this.sectioned = layout.all();
        this.generator = values.getFactory().createGenerator(out);
        this.values = values;
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.generator.setRootValueSeparator(null);
        if (sectioned) {
            generator.writeRaw('{');
            if (layout.header() != null) {
                generator.writeRaw("\"_meta\":");
                values.writeValue(generator, layout.header());
                anySection = true;
            }
        } else if (array) {
            generator.writeRaw('[');
        }
    }

    @Override
    public void section(DataType type) throws IOException {
        if (!sectioned) {
            return;
        }
        closeSection();
        generator.writeRaw((anySection ? ",\n\"" : "\n\"") + type.key() + "\":[");
        anySection = true;
        openSection = true;
        first = true;
    }

    private void closeSection() throws IOException {
        if (openSection) {
            generator.writeRaw(first ? "]" : "\n]");
            openSection = false;
        }
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        if (array) {
            generator.writeRaw(first ? "\n" : ",\n");
        }
        first = false;
        values.writeValue(generator, record);
        if (!array) {
            generator.writeRaw('\n');
        }
    }

    @Override
    public long buffered() {
        return generator.getOutputBuffered();
    }

    @Override
    public void close() throws IOException {
        if (sectioned) {
            closeSection();
            generator.writeRaw("\n}\n");
        } else if (array) {
            generator.writeRaw(first ? "]\n" : "\n]\n");
        }
        generator.close();
        out.close();
    }
}
