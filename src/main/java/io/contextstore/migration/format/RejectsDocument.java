package io.contextstore.migration.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Verbatim;

/**
 * One input's rejected records, each written exactly as the input had it, in a document of the
 * input's format and encoding that reads as the input did: the CSV header before its rows, NDJSON
 * lines, a JSON array or object of sections, a YAML sequence or mapping of sections, the XML
 * prolog and root element around the items, Markdown under its section headings. Only what holds
 * the records together is written anew; a record whose text was not kept is left out and counted.
 */
public final class RejectsDocument implements Closeable {

    private final OutputStream out;
    private final Writer text;
    private final boolean utf8;
    private final String format;
    private final RejectsFrame frame;
    private final String lineBreak;
    private long written;
    private long omitted;
    private DataType section;
    private boolean inSection;

    public RejectsDocument(OutputStream out, String format, RejectsFrame frame, Detected detected) throws IOException {
        Charset charset = detected.encoding() == null ? StandardCharsets.UTF_8 : Charset.forName(detected.encoding());
        // Java's UTF-16 and UTF-32 encoders write a byte order mark; an input without one was big-endian
        if (!detected.bom() && (charset.name().equals("UTF-16") || charset.name().equals("UTF-32"))) {
            charset = Charset.forName(charset.name() + "BE");
        }
        this.out = out;
        this.text = new OutputStreamWriter(out, charset);
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.format = format;
        this.frame = frame;
        this.lineBreak = "CRLF".equals(detected.lineEnding()) ? "\r\n" : "\n";
        if (detected.bom()) {
            text.write('\uFEFF');
        }
        // the input's own declaration is in its head; one rebuilt around a prolog too large to keep is not
        if (format.equals("xml") && !frame.head().startsWith("<?xml")) {
            text.write("<?xml version=\"1.0\" encoding=\"" + charset.name() + "\"?>" + lineBreak);
        }
        text.write(frame.head());
        if (format.equals("xml") || format.equals("json") && frame.shape() != RejectsFrame.Shape.VALUES) {
            text.write(frame.shape() == RejectsFrame.Shape.SECTIONS && format.equals("json") ? "{" + lineBreak
                    : format.equals("json") ? "[" + lineBreak : lineBreak);
        }
    }

    /** Adds the record as its input had it; false when its text was not kept (larger than the record limit). */
    public boolean add(SourceRecord record) throws IOException {
        Verbatim verbatim = record.verbatim();
        if (verbatim == null) {
            omitted++;
            return false;
        }
        if (record.dataType() != section || !inSection) {
            openSection(record.dataType());
        } else if (format.equals("json") && frame.shape() != RejectsFrame.Shape.VALUES) {
            text.write("," + lineBreak);
        }
        switch (format) {
            case "yaml" -> {
                if (frame.shape() == RejectsFrame.Shape.VALUES) {
                    text.write("---" + lineBreak);
                } else if (!verbatim.isMarked()) {
                    text.write(frame.shape() == RejectsFrame.Shape.SECTIONS ? "  - " : "- ");
                }
                write(verbatim);
                text.write(lineBreak);
            }
            case "markdown" -> {
                text.write(verbatim.toString().replace("\n", lineBreak));
                text.write(lineBreak + lineBreak);
            }
            case "json" -> {
                write(verbatim);
                if (frame.shape() == RejectsFrame.Shape.VALUES) {
                    text.write(lineBreak);
                }
            }
            case "xml" -> {
                write(verbatim);
                text.write(lineBreak);
            }
            default -> {
                write(verbatim);
                text.write(verbatim.ending().isEmpty() ? lineBreak : verbatim.ending());
            }
        }
        written++;
        return true;
    }

    private void openSection(DataType type) throws IOException {
        if (inSection && written > 0) {
            closeSection();
            if (format.equals("json") && frame.shape() == RejectsFrame.Shape.SECTIONS) {
                text.write("," + lineBreak);
            }
        }
        section = type;
        inSection = true;
        boolean sections = frame.shape() == RejectsFrame.Shape.SECTIONS;
        // a "data" section holds the records of the type the import was given, and says no type itself
        String key = type == null ? "data" : type.key();
        if (format.equals("json") && sections) {
            text.write("\"" + key + "\": [" + lineBreak);
            return;
        }
        if (format.equals("yaml") && sections) {
            text.write(key + ":" + lineBreak);
            return;
        }
        if (type == null) {
            return;
        }
        switch (format) {
            case "xml" -> text.write("<" + type.key() + ">" + lineBreak);
            case "markdown" -> text.write("# " + type.key() + lineBreak + lineBreak);
            default -> {
            }
        }
    }

    private void closeSection() throws IOException {
        if (format.equals("json") && frame.shape() == RejectsFrame.Shape.SECTIONS) {
            text.write(lineBreak + "]");
        } else if (format.equals("xml") && section != null) {
            text.write("</" + section.key() + ">" + lineBreak);
        }
    }

    /** The record's text; UTF-8 bytes kept as such go out untouched, invalid ones included. */
    private void write(Verbatim verbatim) throws IOException {
        byte[] bytes = verbatim.utf8();
        if (utf8 && bytes != null) {
            text.flush();
            out.write(bytes);
        } else {
            text.write(verbatim.toString());
        }
    }

    public long written() {
        return written;
    }

    public long omitted() {
        return omitted;
    }

    @Override
    public void close() throws IOException {
        if (inSection && written > 0) {
            closeSection();
        }
        if (format.equals("json") && frame.shape() != RejectsFrame.Shape.VALUES) {
            text.write(lineBreak + (frame.shape() == RejectsFrame.Shape.SECTIONS ? "}" : "]") + lineBreak);
        }
        if (!frame.tail().isEmpty()) {
            text.write(frame.tail() + lineBreak);
        }
        text.close();
    }
}
