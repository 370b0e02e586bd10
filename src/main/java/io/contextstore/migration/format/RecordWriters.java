package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.stereotype.Component;
import java.util.List;

/**
 * Opens the writer of an export format. Camel's data formats marshal one message body into one
 * output; an export streams one document across many batches from a database cursor, so each
 * format is written here with the streaming generator of the library under that data format
 * (Jackson for JSON and YAML, Woodstox for XML, Commons CSV).
 */
@Component
public class RecordWriters {

    private final ObjectMapper mapper;
    private final ObjectWriter records;

    public RecordWriters(ObjectMapper mapper) {
        this.mapper = mapper;
        // Jackson flushes after each value by default: each record would go down through compression
        // and encryption on its own (with zstd, a block per record); the writers flush at their buffer's size
        this.records = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    public RecordWriter open(String format, OutputStream out, ExportLayout layout) throws IOException {
        if (layout.all() && (format.equals("csv") || layout.zipPerType())) {
            return new ZipPerTypeWriter(out, extension(format, false), mapper, layout.header(), (type, entry) ->
                    open(format, entry, new ExportLayout(List.of(type), false, null, layout.spreadsheetSafe(),
                            layout.csvColumns(), false)));
        }
        return switch (format) {
            case "json" -> new JsonRecordWriter(out, records, true, layout);
            case "ndjson" -> new JsonRecordWriter(out, records, false, layout);
            case "csv" -> new CsvRecordWriter(out, layout.csvColumns().get(layout.sections().get(0)), ',',
                    layout.spreadsheetSafe());
            case "xml" -> new XmlRecordWriter(out, layout);
            case "yaml" -> new YamlRecordWriter(out, records, layout);
            case "markdown" -> new MarkdownRecordWriter(out, mapper, layout);
            default -> throw new UnsupportedFormatException("format '" + format + "' cannot be written");
        };
    }

    /** The file extension of an export: {@code .csv.zip} for CSV of all types, {@code .<format>.zip} for a zip per type. */
    public static String extension(String format, boolean zipPerType) {
        String plain = format.equals("markdown") ? "md" : format;
        return zipPerType ? plain + ".zip" : plain;
    }
}
