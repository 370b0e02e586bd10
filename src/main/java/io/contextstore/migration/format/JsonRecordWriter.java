package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON exports, streamed: a top-level array with one compact record per line, or NDJSON with one
 * record per line and nothing around them.
 */
public class JsonRecordWriter implements RecordWriter {

    private final JsonGenerator generator;
    private final OutputStream out;
    private final boolean array;
    private boolean first = true;

    public JsonRecordWriter(OutputStream out, ObjectMapper mapper, boolean array) throws IOException {
        this.out = out;
        this.array = array;
        this.generator = mapper.getFactory().createGenerator(out);
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // records are root values; the separators between them are written here
        this.generator.setRootValueSeparator(null);
        if (array) {
            generator.writeRaw('[');
        }
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        if (array) {
            generator.writeRaw(first ? "\n" : ",\n");
        }
        first = false;
        generator.writeTree(record);
        if (!array) {
            generator.writeRaw('\n');
        }
    }

    @Override
    public void close() throws IOException {
        if (array) {
            generator.writeRaw(first ? "]\n" : "\n]\n");
        }
        generator.close();
        out.close();
    }
}
