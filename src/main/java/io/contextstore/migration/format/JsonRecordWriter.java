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

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] COMMA_NEWLINE = {',', '\n'};
    private static final byte[] END_EMPTY = {']', '\n'};
    private static final byte[] END = {'\n', ']', '\n'};

    private final JsonGenerator generator;
    private final OutputStream out;
    private final boolean array;
    private boolean first = true;

    public JsonRecordWriter(OutputStream out, ObjectMapper mapper, boolean array) throws IOException {
        this.out = out;
        this.array = array;
        this.generator = mapper.getFactory().createGenerator(out);
        this.generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // the separators between records are written here, and flushing must not reach the disk per record
        this.generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        this.generator.setRootValueSeparator(null);
        if (array) {
            out.write('[');
        }
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        if (array) {
            out.write(first ? NEWLINE : COMMA_NEWLINE);
        }
        first = false;
        generator.writeTree(record);
        generator.flush();
        if (!array) {
            out.write('\n');
        }
    }

    @Override
    public void close() throws IOException {
        generator.close();
        if (array) {
            out.write(first ? END_EMPTY : END);
        }
        out.close();
    }
}
