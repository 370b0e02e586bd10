package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes one CSV document (RFC 4180, CRLF, header row) record by record with Commons CSV, the
 * library under camel-csv: the data format marshals one message body per call, while an export is
 * one document written across many batches. A value is quoted only where it needs it (a delimiter,
 * quote or line break in it, a leading or trailing space, a leading {@code #}); an empty string is
 * always {@code ""} and a missing value an empty unquoted field, so the two stay apart.
 */
final class CsvRecordWriter implements RecordWriter {

    private final Writer out;
    private final CSVPrinter printer;
    private final String emptyString;
    private final CsvColumns columns;
    private final boolean spreadsheetSafe;

    CsvRecordWriter(OutputStream out, CsvColumns columns, char delimiter, boolean spreadsheetSafe) throws IOException {
        this.columns = columns;
        this.spreadsheetSafe = spreadsheetSafe;
        this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        this.printer = new CSVPrinter(this.out,
                format(delimiter).builder().setQuoteMode(QuoteMode.MINIMAL).get());
        this.emptyString = delimiter + "\"\"";
        // a template's field names are the user's, so a header cell can start like a formula too
        printer.printRecord(spreadsheetSafe ? columns.headers().stream().map(CsvCells::spreadsheetSafe).toList()
                : columns.headers());
    }

    /** The format CSV is read in: a quoted field is a value, an empty unquoted one is missing. */
    static CSVFormat format(char delimiter) {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setRecordSeparator("\r\n")
                .setQuoteMode(QuoteMode.ALL_NON_NULL)
                .setNullString(null)
                .get();
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        int spreadValues = 0;
        boolean first = true;
        for (CsvColumns.Column column : columns.columns()) {
            JsonNode value = record.get(column.field());
            for (int i = 0; value != null && i < column.path().size(); i++) {
                value = value.get(column.path().get(i));
            }
            if (value != null && !column.path().isEmpty() && column.field().equals("metadata")) {
                spreadValues++;
            }
            boolean missing = value == null || (value.isNull() && column.path().isEmpty());
            if (!missing && columns.planned() && !column.cell().holds(value)) {
                throw changed(record, "holds a value its CSV column '" + column.header() + "' cannot");
            }
            String cell = missing ? null : switch (column.cell()) {
                // a template's column holds what its transformation gives: a value that is no string as JSON
                case TEXT -> value.isContainerNode() ? value.toString() : value.asText();
                case LIST -> column.cell().holds(value) ? CsvCells.list(value)
                        : value.isTextual() ? value.asText() : value.toString();
                case JSON, NUMBER, BOOLEAN -> value.toString();
            };
            if (cell != null && cell.isEmpty() && !first) {
                // minimal quoting leaves an empty string after the first column unquoted, which reads as missing
                out.write(emptyString);
            } else {
                printer.print(spreadsheetSafe ? CsvCells.spreadsheetSafe(cell) : cell);
            }
            first = false;
        }
        printer.println();
        if (columns.spreadsMetadata() && spreadValues != leaves(record.get("metadata"))) {
            throw changed(record, "gained metadata keys");
        }
    }

    private static StoreChangedException changed(ObjectNode record, String what) {
        return new StoreChangedException("record '" + record.path("id").asText() + "' " + what
                + " after the CSV header was written (the store changed during the export); run the export again");
    }

    /** The values a metadata object spreads over dot columns: its leaves, empty objects included. */
    private static int leaves(JsonNode object) {
        int n = 0;
        if (object != null && object.isObject()) {
            for (JsonNode child : object) {
                n += child.isObject() && !child.isEmpty() ? leaves(child) : 1;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
