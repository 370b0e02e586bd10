package io.contextstore.migration.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.record.DataType;
import org.springframework.stereotype.Component;
import io.contextstore.migration.record.Excerpt;
import io.contextstore.migration.record.Verbatim;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.record.InvalidOptionsException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/**
 * Decides how an input file is read and opens the streaming reader for it. The format comes from
 * the request, else from the file name, and the content has the last word where it is
 * unmistakable: a {@code .txt} holding JSON is read as JSON, a {@code .csv} that starts with
 * {@code <?xml} as XML. Any text is CSV of some shape, so without a {@code .csv}/{@code .tsv} name
 * or the option, content is CSV only when its first line names known columns; what matches no
 * format is refused. What was sniffed (BOM, line endings, CSV delimiter) goes in the result.
 */
@Component
public class RecordFormats {

    public static final int SNIFF_BYTES = 64 * 1024;
    public static final Set<String> FORMATS = Set.of("json", "ndjson", "csv", "xml", "yaml", "markdown");
    /** The formats as messages list them. */
    public static final String NAMES = "json, ndjson, csv, xml, yaml, markdown";
    private static final Pattern YAML_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]*:(\\s.*)?$");

    private final ObjectMapper mapper;
    /** The most one record may take of the input (and expand to); larger ones fail before they fill the heap. */
    private final int maxRecordBytes;

    public RecordFormats(ObjectMapper mapper, LimitsProperties limits) {
        this.mapper = mapper;
        this.maxRecordBytes = (int) limits.maxRecordBytes().toBytes();
    }

    public record Opened(RecordReader reader, Detected detected) {
    }

    /** A plain input (no compression or encryption layer) read as detected, with defaults but these. */
    public Opened open(InputStream source, String fileName, String requestedFormat, String csvDelimiter,
                       DataType wanted) throws IOException {
        return open(source, fileName, new Reading(requestedFormat, csvDelimiter, wanted, CsvHeaderFields.AS_NAMED, null));
    }

    /** A plain input read as {@code reading} asks: its format decided, then its records. */
    public Opened open(InputStream source, String fileName, Reading reading) throws IOException {
        BufferedInputStream in = buffered(source);
        if (head(in).length == 0) {
            throw new UnreadableInputException("the file is empty (0 bytes)", null, 0L);
        }
        return read(in, fileName, decide(in, fileName, reading), reading);
    }

    /** The input with its first {@value #SNIFF_BYTES} bytes readable twice, for sniffing. */
    public static BufferedInputStream buffered(InputStream in) {
        return in instanceof BufferedInputStream b && b.markSupported() ? b : new BufferedInputStream(in, SNIFF_BYTES);
    }

    /** The first {@value #SNIFF_BYTES} bytes of a {@link #buffered} input, left to be read again. */
    public static byte[] head(BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        return head;
    }

    /**
     * The format of an unwrapped input: the option, else the name, else the content, the content
     * having the last word where it is unmistakable.
     */
    public String decide(BufferedInputStream in, String fileName, Reading reading) throws IOException {
        byte[] head = head(in);
        InputEncoding encoding = InputEncoding.of(reading.encoding(), head);
        return decideFormat(reading.format(), fileName, encoding.headAsUtf8(head), reading.csvDelimiter(),
                reading.wanted(), reading.csvFields());
    }

    /** The streaming reader of an unwrapped input in {@code format}, and what was sniffed of it. */
    public Opened read(BufferedInputStream source, String fileName, String format, Reading reading) throws IOException {
        byte[] head = head(source);
        BufferedInputStream in = source;
        DataType wanted = reading.wanted();
        InputEncoding encoding = InputEncoding.of(reading.encoding(), head);
        in.skipNBytes(encoding.bomLength());
        byte[] text = encoding.headAsUtf8(head);
        if (format.equals("xml")) {
            encoding = encoding.withXmlDeclaration(text);
        }
        String delimiter = format.equals("csv") ? delimiter(reading.csvDelimiter(), text) : null;
        Detected detected = new Detected(format, "none", encoding.charset().name(), encoding.bomLength() > 0,
                lineEnding(text), delimiter, wanted == null ? null : wanted.key());
        // NDJSON checks each line's UTF-8 itself, so that a bad line is a record error and the next one is read
        StrictTextInput strict = format.equals("ndjson") && encoding.isUtf8() ? null : new StrictTextInput(in, encoding);
        InputStream utf8 = strict == null ? in : strict;
        RecordSizeGuard guard = new RecordSizeGuard(maxRecordBytes);
        RecordReader reader = switch (format) {
            case "ndjson" -> new NdjsonRecordReader(utf8, mapper, maxRecordBytes);
            case "json" -> json(new ByteWindow(guard.guard(utf8), 2 * maxRecordBytes), wanted, guard);
            case "yaml" -> YamlValues.reader(guard.guard(utf8), wanted, guard, maxRecordBytes);
            case "csv" -> new CsvRecordReader(utf8, delimiter.charAt(0), guard, wanted, reading.csvFields(), maxRecordBytes);
            // handed text, the parser never decodes by the declaration a second time
            case "xml" -> new XmlRecordReader(new InputStreamReader(guard.guard(utf8), StandardCharsets.UTF_8),
                    wanted, maxRecordBytes, guard);
            case "markdown" -> new MarkdownRecordReader(utf8, wanted, guard);
            default -> throw new UnsupportedFormatException("format '" + format + "' is not supported; use one of " + NAMES);
        };
        boolean byteOffsets = format.equals("json") || format.equals("ndjson");
        return new Opened(strict != null && !encoding.isUtf8() && byteOffsets ? new InputOffsets(reader, strict) : reader,
                detected);
    }

    /** JSON from Jackson's byte parser, each record's bytes cut out of what it read. */
    private JsonRecordReader json(ByteWindow window, DataType wanted, RecordSizeGuard guard) throws IOException {
        return new JsonRecordReader(mapper.getFactory().createParser(window), mapper::readTree, (start, end) -> {
            byte[] bytes = window.slice(start.getByteOffset(), end.getByteOffset());
            window.keepFrom(end.getByteOffset());
            return bytes == null ? null : Verbatim.utf8(bytes, "");
        }, wanted, "JSON", guard);
    }

    /** The charset the JDK knows by this name, for the {@code encoding} option; an unknown one is a bad option. */
    public static Charset charset(String name) {
        return InputEncoding.named(name);
    }

    private String decideFormat(String requested, String fileName, byte[] head, String csvDelimiter, DataType wanted,
                                CsvHeaderFields csvFields) {
        String declared = normalize(requested);
        int first = firstNonBlank(head);
        if (first < 0 && (declared == null || declared.equals("json") || declared.equals("ndjson"))) {
            throw new UnreadableInputException("the file holds only whitespace", 1L, 0L);
        }
        String sniffed = first < 0 ? null : sniff(head, first, csvDelimiter, wanted, csvFields);
        boolean jsonLike = "json".equals(sniffed) || "ndjson".equals(sniffed);
        if (declared != null) {
            // JSON is YAML too; an explicit JSON request decides between array and lines by content
            return (declared.equals("json") || declared.equals("ndjson")) && jsonLike ? sniffed : declared;
        }
        String named = fromName(fileName);
        boolean unmistakable = jsonLike || "xml".equals(sniffed);
        if (named != null && !(unmistakable && !named.equals("yaml") && !sameFamily(named, sniffed))) {
            return named;
        }
        if (sniffed == null) {
            throw new UnsupportedFormatException("cannot tell the format of '" + Excerpt.of(fileName)
                    + "': neither its name nor its content is one of the formats read here: json (.json), ndjson "
                    + "(.ndjson, .jsonl), csv (.csv, .tsv), xml (.xml), yaml (.yaml, .yml), markdown (.md, .markdown); "
                    + "a CSV file without such a name needs a header naming the data type's columns. Name the file "
                    + "so, or give the format option (e.g. {\"format\": \"csv\"})");
        }
        return sniffed;
    }

    private static boolean sameFamily(String a, String b) {
        return a.equals(b) || (Set.of("json", "ndjson").contains(a) && Set.of("json", "ndjson").contains(b));
    }

    /** The format the content looks like, from its first bytes; null when it looks like none. */
    private String sniff(byte[] head, int first, String csvDelimiter, DataType wanted, CsvHeaderFields csvFields) {
        byte c = head[first];
        if (c == '<') {
            return "xml";
        }
        if (c == '[' || c == '{') {
            // a first line that is a whole object means one record per line; anything else is one document
            return c == '{' && firstLineIsObject(head, first) ? "ndjson" : "json";
        }
        String firstLine = firstLine(head, first);
        if (firstLine.startsWith("# ") || firstLine.startsWith("## ")) {
            return "markdown";
        }
        if (firstLine.startsWith("- ") || firstLine.equals("-") || firstLine.startsWith("---")
                || YAML_KEY.matcher(firstLine).matches()) {
            return "yaml";
        }
        List<String> columns = CsvHeaderCheck.firstLineColumns(firstLine, delimiter(csvDelimiter, head).charAt(0));
        return CsvHeaderCheck.namesKnownColumns(columns, wanted, csvFields) ? "csv" : null;
    }

    /** Whether an import's {@code format} option names a format read here (or asks for detection). */
    public static boolean readable(String requested) {
        String declared = normalize(requested);
        return declared == null || FORMATS.contains(declared);
    }

    static String normalize(String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        String f = format.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "jsonl", "json-lines", "ndjson" -> "ndjson";
            case "yml" -> "yaml";
            case "md" -> "markdown";
            case "auto", "auto-detect" -> null;
            default -> f;
        };
    }

    public static String fromName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : switch (name.substring(dot + 1)) {
            case "json" -> "json";
            case "ndjson", "jsonl" -> "ndjson";
            case "csv", "tsv" -> "csv";
            case "xml" -> "xml";
            case "yaml", "yml" -> "yaml";
            case "md", "markdown" -> "markdown";
            default -> null;
        };
    }

    /** The requested delimiter, else the candidate seen most often outside quotes on the header line. */
    private static String delimiter(String requested, byte[] head) {
        if (requested != null && !requested.isEmpty()) {
            String d = requested.equalsIgnoreCase("tab") || requested.equals("\\t") ? "\t" : requested;
            if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
                throw new InvalidOptionsException(
                        "csvDelimiter must be one character other than a quote or a line break, not '" + requested + "'");
            }
            return d;
        }
        String line = firstLine(head, 0);
        char best = ',';
        int bestCount = 0;
        for (char candidate : new char[] {',', ';', '\t', '|'}) {
            int count = 0;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (ch == '"') {
                    quoted = !quoted;
                } else if (ch == candidate && !quoted) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return String.valueOf(best);
    }

    private static String firstLine(byte[] head, int from) {
        int end = from;
        while (end < head.length && head[end] != '\n' && head[end] != '\r') {
            end++;
        }
        return new String(head, from, end - from, StandardCharsets.UTF_8);
    }

    private boolean firstLineIsObject(byte[] head, int from) {
        int end = from;
        while (end < head.length && head[end] != '\n') {
            end++;
        }
        if (end == head.length && head.length == SNIFF_BYTES) {
            return false;
        }
        try {
            return mapper.readTree(Arrays.copyOfRange(head, from, end)).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static String lineEnding(byte[] head) {
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                return i > 0 && head[i - 1] == '\r' ? "CRLF" : "LF";
            }
        }
        return null;
    }

    private static int firstNonBlank(byte[] head) {
        for (int i = 0; i < head.length; i++) {
            if (!Character.isWhitespace(head[i])) {
                return i;
            }
        }
        return -1;
    }
}
