package io.contextstore.migration.format;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.commons.io.output.CloseShieldOutputStream;
import io.contextstore.migration.record.SourceRecord;

/**
 * One record format (json, ndjson, csv, xml, yaml, markdown) as a Camel data format, registered
 * under the format's name: {@code unmarshal} turns a stream into a streaming {@link RecordReader}
 * (an iterator of {@link SourceRecord}s, never the whole input in memory), as the import route
 * does and any route can with {@code unmarshal: {custom: {ref: csv}}}; {@code marshal} writes
 * records as a document of the format. The import's reading options come from the exchange
 * property {@value Reading#PROPERTY}; what was sniffed (encoding, BOM, line ending, delimiter) is
 * left in {@value #DETECTED}. An export hands it a {@link DocumentPage}, which goes into
 * the document the export streams across its pages and parts.
 */
public class RecordDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    /** The exchange property that holds what unmarshalling sniffed of its input. */
    public static final String DETECTED = "MigrationDetected";
    /** The header with the data type of marshalled records that do not say it (default contexts). */
    public static final String DATA_TYPE = "MigrationDataType";

    private final String format;
    private final RecordFormats formats;
    private final RecordWriters writers;
    private final ObjectMapper mapper;

    public RecordDataFormat(String format, RecordFormats formats, RecordWriters writers, ObjectMapper mapper) {
        this.format = format;
        this.formats = formats;
        this.writers = writers;
        this.mapper = mapper;
    }

    @Override
    public String getDataFormatName() {
        return format;
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        Reading reading = exchange.getProperty(Reading.PROPERTY, Reading.DEFAULTS, Reading.class);
        String entryType = exchange.getMessage().getHeader(ENTRY_TYPE, String.class);
        if (entryType != null) {
            reading = reading.ofType(DataType.parse(entryType).orElse(null));
        }
        RecordFormats.Opened opened = formats.read(RecordFormats.buffered(stream), fileName(exchange), format, reading);
        exchange.setProperty(DETECTED, opened.detected());
        return opened.reader();
    }

    /** The header a zip entry's data type is carried in, when its name gives one. */
    public static final String ENTRY_TYPE = "MigrationEntryType";

    private static String fileName(Exchange exchange) {
        for (String header : new String[] {"MigrationInputName", "MigrationFileName", Exchange.FILE_NAME}) {
            String name = exchange.getMessage().getHeader(header, String.class);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        if (graph instanceof DocumentPage page) {
            page.document().write(page.page());
            return;
        }
        List<ObjectNode> records = records(graph);
        DataType type = DataType.parse(exchange.getMessage().getHeader(DATA_TYPE, "contexts", String.class))
                .orElse(DataType.CONTEXTS);
        Map<DataType, CsvColumns> columns = format.equals("csv")
                ? Map.of(type, CsvColumns.plan(type, Set.of(), false, List.of(records).iterator())) : Map.of();
        ExportLayout layout = new ExportLayout(List.of(type), false, null, false, columns, false);
        try (RecordWriter writer = writers.open(format, CloseShieldOutputStream.wrap(stream), layout)) {
            writer.section(type);
            for (ObjectNode record : records) {
                writer.write(record);
            }
        }
    }

    /** A body of records: a list or iterator of records (or maps, or beans), a JSON array, or one record. */
    private List<ObjectNode> records(Object graph) {
        List<ObjectNode> records = new ArrayList<>();
        Iterator<?> items = graph instanceof Collection<?> c ? c.iterator() : graph instanceof Iterator<?> i ? i
                : graph instanceof JsonNode n && n.isArray() ? n.iterator() : List.of(graph).iterator();
        while (items.hasNext()) {
            Object item = items.next();
            JsonNode node = item instanceof SourceRecord r ? r.fields() : item instanceof JsonNode j ? j
                    : mapper.valueToTree(item);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("a " + format + " record must be an object, not " + node.getNodeType());
            }
            records.add(object);
        }
        return records;
    }
}
