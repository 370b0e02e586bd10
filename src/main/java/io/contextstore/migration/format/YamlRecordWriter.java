package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.contextstore.migration.record.DataType;

/**
 * Writes a YAML sequence of records, or for several data types a mapping with {@code _meta} and a
 * sequence per type, through Jackson's streaming YAML generator. Strings stay quoted (so that
 * {@code "123"} or {@code "yes"} read back as strings); multi-line ones become literal blocks where
 * YAML can hold them exactly.
 */
final class YamlRecordWriter implements RecordWriter {

    private final YAMLGenerator generator;
    private final ObjectWriter values;
    private final boolean sectioned;
    private boolean openSection;

    /** {@code values} writes each record without a flush of its own. */
    YamlRecordWriter(OutputStream out, ObjectWriter values, ExportLayout layout) throws IOException {
        this.sectioned = layout.all();
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
        this.generator = factory.createGenerator(out);
        this.values = values;
        if (sectioned) {
            generator.writeStartObject();
            if (layout.header() != null) {
                generator.writeFieldName("_meta");
                values.writeValue(generator, layout.header());
            }
        } else {
            generator.writeStartArray();
        }
    }

    @Override
    public void section(DataType type) throws IOException {
        if (!sectioned) {
            return;
        }
        if (openSection) {
            generator.writeEndArray();
        }
        generator.writeFieldName(type.key());
        generator.writeStartArray();
        openSection = true;
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        values.writeValue(generator, record);
    }

    @Override
    public void close() throws IOException {
        if (sectioned) {
            if (openSection) {
                generator.writeEndArray();
            }
            generator.writeEndObject();
        } else {
            generator.writeEndArray();
        }
        generator.close();
    }
}
