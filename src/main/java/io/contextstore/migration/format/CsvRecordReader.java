package io.contextstore.migration.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.format.CsvColumns.Cell;
import io.contextstore.migration.record.DataType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import io.contextstore.migration.record.Excerpt;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Verbatim;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;

/**
 * Streams the records of a CSV file with Commons CSV's parser (camel-csv's library), which reads
 * one row at a time; positions, line numbers and per-row errors need the parser itself rather than
 * the data format. The header names the fields: dot columns build nested objects, and a cell is
 * text unless the header says otherwise ({@link CsvColumns#header}), whatever it looks like. An
 * unquoted empty field is null, a quoted one ({@code ""}) the empty string.
 */
final class CsvRecordReader implements RecordReader {

    private final CSVFormat format;
    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    private final List<String> headers;
    /** The header cells as the file has them, type suffix included, for messages. */
    private final List<String> written = new ArrayList<>();
    private final List<Cell> cells;
    /** Fields kept on overwrite when absent ({@link DataType#KEPT_WHEN_ABSENT}) that have a column here. */
    private final List<String> nullableColumns = new ArrayList<>();
    private long position;
    private long linesRead;
    private final TextWindow window;
    /** The header line as the file has it, line break included. */
    private final String headerText;
    /** The row read ahead: a row's text ends where the next one starts. */
    private CSVRecord pending;
    private long pendingLine;
    private UnreadableInputException failure;

    private final RecordSizeGuard guard;

    CsvRecordReader(InputStream in, char delimiter, RecordSizeGuard guard, DataType wanted, CsvHeaderFields fields,
                    int maxRecordBytes) {
        this.guard = guard;
        this.format = CsvRecordWriter.format(delimiter).builder().setIgnoreEmptyLines(true).get();
        this.window = new TextWindow(new BufferedReader(guard.guard(new InputStreamReader(in,
                StrictTextInput.decoder(StandardCharsets.UTF_8))), 64 * 1024), 2 * maxRecordBytes);
        Reader text = window;
        try {
            this.parser = CSVParser.builder().setReader(text).setFormat(format).get();
        } catch (IOException e) {
            throw new UnreadableInputException("the CSV file cannot be read: " + IoMessages.describe(e), 1L, null);
        }
        this.rows = parser.iterator();
        CSVRecord header = nextRow();
        if (header == null) {
            throw new UnreadableInputException("the CSV file has no header row", 1L, null);
        }
        this.headers = new ArrayList<>();
        this.cells = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : header.values()) {
            String h = name == null ? "" : name.strip();
            if (h.isEmpty()) {
                throw new UnreadableInputException("the CSV header has an empty column name (column "
                        + (headers.size() + 1) + ")", 1L, null);
            }
            CsvColumns.Header typed = CsvColumns.header(h);
            if (!seen.add(typed.name())) {
                throw new UnreadableInputException("the CSV header names column '" + Excerpt.of(typed.name())
                        + "' twice", 1L, null);
            }
            headers.add(typed.name());
            written.add(h);
            cells.add(typed.cell());
            String field = typed.name().contains(".") ? typed.name().substring(0, typed.name().indexOf('.')) : typed.name();
            if (DataType.KEPT_WHEN_ABSENT.contains(field) && !nullableColumns.contains(field)) {
                nullableColumns.add(field);
            }
        }
        CsvHeaderCheck.requireNeededColumns(headers, wanted, fields);
        linesRead = parser.getCurrentLineNumber();
        readAhead();
        this.headerText = window.slice(0, pending != null ? pending.getCharacterPosition() : window.end());
    }

    private void readAhead() {
        guard.startRecord();
        try {
            pending = nextRow();
            pendingLine = linesRead + 1;
            linesRead = parser.getCurrentLineNumber();
        } catch (UnreadableInputException e) {
            pending = null;
            failure = e;
        }
    }

    @Override
    public RejectsFrame frame() {
        return new RejectsFrame(headerText == null ? "" : headerText, "", RejectsFrame.Shape.LINES);
    }

    private CSVRecord nextRow() {
        try {
            return rows.hasNext() ? rows.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw malformed(e);
        }
    }

    private UnreadableInputException malformed(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof CharacterCodingException) {
            message = "the file is not valid UTF-8";
        }
        long line = parser.getCurrentLineNumber() + 1;
        return new UnreadableInputException("malformed CSV near line " + line + ": " + message, line, null);
    }

    @Override
    public boolean hasNext() {
        if (pending == null && failure != null) {
            UnreadableInputException e = failure;
            failure = null;
            throw e;
        }
        return pending != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord row = pending;
        long line = pendingLine;
        readAhead();
        long end = pending != null ? pending.getCharacterPosition() : failure == null ? window.end() : -1;
        String text = end < 0 ? null : window.slice(row.getCharacterPosition(), end);
        window.keepFrom(pending != null ? pending.getCharacterPosition() : window.end());
        long pos = ++position;
        // a row whose end is unknown (the next one is malformed) is shown rebuilt, and is no verbatim record
        Object raw = text != null ? Verbatim.trailing(text) : new Row(format, row.values());
        if (row.size() > headers.size()) {
            return SourceRecord.unparsable(pos, line, null, raw, "the row has " + row.size()
                    + " fields but the header has " + headers.size());
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            if (cell == null) {
                continue;
            }
            String header = headers.get(i);
            Cell type = cells.get(i);
            JsonNode value = CsvCells.read(cell, type);
            if (value == null) {
                return SourceRecord.unparsable(pos, line, null, raw, "column '" + Excerpt.of(written.get(i)) + "' must hold "
                        + CsvCells.expected(type) + ", not '" + Excerpt.of(cell) + "'");
            }
            String clash = DotPaths.put(record, header, value);
            if (clash != null) {
                return SourceRecord.unparsable(pos, line, null, raw, clash);
            }
        }
        // a column the file has is present even when empty (null), unlike one it lacks
        for (String field : nullableColumns) {
            if (!record.has(field)) {
                record.putNull(field);
            }
        }
        return SourceRecord.parsed(pos, line, null, record, raw);
    }

    /** A row as CSV text again. */
    private record Row(CSVFormat format, String[] values) {
        @Override
        public String toString() {
            return format.format((Object[]) values);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
