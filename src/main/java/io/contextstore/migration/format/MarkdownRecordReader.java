package io.contextstore.migration.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.Excerpt;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Verbatim;

/**
 * Reads records back from the Markdown that {@link MarkdownRecordWriter} writes, line by line (no
 * Markdown library reads a document as a stream of records). {@code # <dataType>} starts a
 * section, {@code ## …} a record; inside a record every non-blank line is a field line
 * ({@code **name:** value} or {@code **name**: value}) or a fenced block that holds the value of
 * the field line before it. Prose before the first record and under other headings is ignored.
 */
final class MarkdownRecordReader extends LookaheadReader {

    private static final Pattern FIELD = Pattern.compile("^\\*\\*([^*]+?):\\*\\*(?: (.*))?$|^\\*\\*([^*]+?)\\*\\*:(?: (.*))?$");
    private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,})\\s*([A-Za-z0-9_-]*)\\s*$");

    private final BufferedReader lines;
    private final DataType wanted;
    private DataType section;
    private boolean skipping;
    private String lookahead;
    private long lineNumber;
    private long position;

    private final RecordSizeGuard guard;

    MarkdownRecordReader(InputStream in, DataType wanted, RecordSizeGuard guard) {
        this.wanted = wanted;
        this.guard = guard;
        this.lines = new BufferedReader(guard.guard(new InputStreamReader(in, StrictTextInput.decoder(StandardCharsets.UTF_8))), 64 * 1024);
    }

    private String line() {
        if (lookahead != null) {
            String l = lookahead;
            lookahead = null;
            lineNumber++;
            return l;
        }
        try {
            String l = lines.readLine();
            if (l != null) {
                lineNumber++;
                if (l.endsWith("\r")) {
                    l = l.substring(0, l.length() - 1);
                }
            }
            return l;
        } catch (CharacterCodingException e) {
            throw new UnreadableInputException("the file is not valid UTF-8 (line " + (lineNumber + 1) + ")",
                    lineNumber + 1, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected SourceRecord advance() {
        guard.startRecord();
        for (String l = line(); l != null; l = line()) {
            if (!l.startsWith("## ")) {
                guard.startRecord();
            }
            if (l.startsWith("# ")) {
                heading(l.substring(2).strip());
            } else if (l.startsWith("## ") && !skipping) {
                return record(l, lineNumber);
            }
        }
        return null;
    }

    private void heading(String title) {
        DataType type = DataType.parse(title).filter(t -> t.key().equals(title.toLowerCase())).orElse(null);
        section = type;
        skipping = type == null ? !title.isEmpty() && isHeaderTitle(title) : wanted != null && type != wanted;
    }

    private static boolean isHeaderTitle(String title) {
        return title.equalsIgnoreCase("export") || title.equalsIgnoreCase("_meta");
    }

    /** Reads one record up to the next heading, which is left for the caller. */
    private SourceRecord record(String heading, long startLine) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        StringBuilder raw = new StringBuilder(heading).append('\n');
        String problem = null;
        for (String l = line(); l != null; l = line()) {
            if (l.startsWith("#")) {
                lookahead = l;
                lineNumber--;
                break;
            }
            keep(raw, l);
            if (l.isBlank()) {
                continue;
            }
            Matcher field = FIELD.matcher(l);
            if (!field.matches()) {
                problem = problem != null ? problem : "line " + lineNumber + " is not a '**field:** value' line";
                continue;
            }
            String label = (field.group(1) != null ? field.group(1) : field.group(3)).strip();
            String inline = field.group(1) != null ? field.group(2) : field.group(4);
            // as a CSV header: text unless the name's kind or a type suffix (metadata.count:number) says otherwise
            CsvColumns.Header header = CsvColumns.header(label);
            String name = header.name();
            JsonNode value;
            if (inline != null && !inline.isEmpty()) {
                value = CsvCells.read(inline, header.cell());
                if (value == null) {
                    problem = problem != null ? problem : "the value of '" + Excerpt.of(label) + "' (line " + lineNumber
                            + ") must be " + CsvCells.expected(header.cell()) + ", not '" + Excerpt.of(inline) + "'";
                    continue;
                }
            } else {
                value = block(raw);
            }
            if (value == null) {
                problem = problem != null ? problem : "the value of '" + Excerpt.of(name) + "' (near line " + lineNumber
                        + ") is neither a line nor a readable fenced block";
                continue;
            }
            String clash = DotPaths.put(record, name, value);
            if (clash != null && problem == null) {
                problem = clash;
            }
        }
        long pos = ++position;
        // its lines as read, heading first, each ended by \n (the rejects file writes the input's line breaks)
        Verbatim text = Verbatim.trailing(raw.toString());
        if (problem != null) {
            return SourceRecord.unparsable(pos, startLine, null, text, problem).in(section);
        }
        return SourceRecord.parsed(pos, startLine, null, record, text).in(section);
    }

    /** The fenced block after a field line: {@code json} blocks are parsed, any other is text. */
    private JsonNode block(StringBuilder raw) {
        String open = line();
        while (open != null && open.isBlank()) {
            keep(raw, open);
            open = line();
        }
        if (open == null) {
            return null;
        }
        keep(raw, open);
        Matcher fence = FENCE.matcher(open);
        if (!fence.matches()) {
            lookahead = open;
            lineNumber--;
            return null;
        }
        String close = fence.group(1);
        long openedAt = lineNumber;
        StringBuilder text = new StringBuilder();
        boolean first = true;
        for (String l = line(); l != null; l = line()) {
            keep(raw, l);
            if (l.equals(close)) {
                String value = text.toString();
                return fence.group(2).equalsIgnoreCase("json") ? CsvCells.tryJson(value) : TextNode.valueOf(value);
            }
            if (!first) {
                text.append('\n');
            }
            text.append(l);
            first = false;
        }
        throw new UnreadableInputException("a fenced block opened near line " + openedAt + " is never closed",
                openedAt, null);
    }

    private static void keep(StringBuilder raw, String line) {
        raw.append(line).append('\n');
    }

    @Override
    public RejectsFrame frame() {
        return new RejectsFrame("", "", RejectsFrame.Shape.SECTIONS);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
