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
import io.contextstore.migration.compression.Compression;
import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.crypto.AeadKey;
import io.contextstore.migration.crypto.DecryptionException;
import io.contextstore.migration.crypto.OpenPgp;
import io.contextstore.migration.crypto.SegmentedAead;
import io.contextstore.migration.store.DataType;
import org.springframework.stereotype.Component;

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

    static final int SNIFF_BYTES = 64 * 1024;
    public static final Set<String> FORMATS = Set.of("json", "ndjson", "csv", "xml", "yaml", "markdown");
    /** The formats as messages list them. */
    public static final String NAMES = "json, ndjson, csv, xml, yaml, markdown";
    private static final Pattern YAML_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]*:(\\s.*)?$");

    private final ObjectMapper mapper;
    /** The most one record may take of the input (and expand to); larger ones fail before they fill the heap. */
    private final int maxRecordBytes;
    private final int maxPbkdf2Iterations;

    public RecordFormats(ObjectMapper mapper, io.contextstore.migration.config.LimitsProperties limits) {
        this.mapper = mapper;
        this.maxRecordBytes = (int) limits.maxRecordBytes().toBytes();
        this.maxPbkdf2Iterations = limits.maxPbkdf2Iterations();
    }

    public record Opened(RecordReader reader, Detected detected) {
    }

    /**
     * @param wanted the data type asked for, or null to take each record's type from the input's
     *               sections or the records' shape
     */
    public Opened open(InputStream source, String fileName, String requestedFormat, String csvDelimiter,
                       DataType wanted) throws IOException {
        return open(source, fileName, requestedFormat, csvDelimiter, wanted, Unpacking.none());
    }

    /**
     * Opens an input that may be encrypted ({@code .enc}, SPEC §9) and compressed (gzip, brotli,
     * zstd, zip): each layer is taken off as a stream, bounded by {@code unpacking}'s limits, and
     * what is inside is opened the same way.
     */
    public Opened open(InputStream source, String fileName, String requestedFormat, String csvDelimiter,
                       DataType wanted, Unpacking unpacking) throws IOException {
        return open(source, fileName, requestedFormat, csvDelimiter, wanted, unpacking, 0);
    }

    /** {@code layer}: how many layers are already off (a zip's entries are opened one deeper). */
    Opened open(InputStream source, String fileName, String requestedFormat, String csvDelimiter,
                DataType wanted, Unpacking unpacking, int layer) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source, SNIFF_BYTES);
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        if (head.length == 0) {
            throw new UnreadableInputException("the file is empty (0 bytes)", null, 0L);
        }
        if (layer > 3) {
            throw new UnreadableInputException("the input is wrapped in more than 3 layers of compression or "
                    + "encryption; refused", null, 0L);
        }
        String name = fileName == null ? "" : fileName;
        if (SegmentedAead.isEncrypted(head) || name.toLowerCase(Locale.ROOT).endsWith(".enc")) {
            if (unpacking.key() == null || unpacking.key().isEmpty()) {
                throw new UnreadableInputException("the file is encrypted: give options.encryption.key or set "
                        + "MIGRATION_KEY", null, 0L);
            }
            unpacking.decrypting().set(true);
            InputStream plain;
            try {
                plain = SegmentedAead.decrypt(in, AeadKey.of(unpacking.key()), maxPbkdf2Iterations);
            } catch (DecryptionException e) {
                throw new UnreadableInputException(e.getMessage(), null, 0L);
            }
            return withLayer(open(new UncheckedInput(plain), strip(name, ".enc"), requestedFormat, csvDelimiter, wanted,
                    unpacking, layer + 1), null);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (OpenPgp.looksLikePgp(head) || lower.endsWith(".pgp") || lower.endsWith(".gpg")) {
            if (unpacking.pgpSecretKeyring() == null) {
                throw new UnreadableInputException("the file is OpenPGP-encrypted and no migration.pgp.secret-keyring "
                        + "is configured", null, 0L);
            }
            unpacking.decrypting().set(true);
            InputStream plain;
            try {
                plain = OpenPgp.decrypt(in, unpacking.pgpSecretKeyring(),
                        unpacking.pgpPassphrase() == null ? new char[0] : unpacking.pgpPassphrase().toCharArray());
            } catch (DecryptionException e) {
                throw new UnreadableInputException(e.getMessage(), null, 0L);
            }
            // an OpenPGP message may itself be compressed: its plaintext counts against the budget too
            return open(new UncheckedInput(new ExpansionGuard(plain, unpacking.budget())),
                    strip(strip(name, ".pgp"), ".gpg"), requestedFormat, csvDelimiter, wanted, unpacking, layer + 1);
        }
        Compression compression = Compression.detect(head, name);
        if (compression == Compression.ZIP) {
            return ZipRecordReader.open(in, fileName, this, requestedFormat, csvDelimiter, wanted, unpacking, layer);
        }
        if (compression != Compression.NONE) {
            InputStream expanded = new UncheckedInput(new ExpansionGuard(compression.decompress(in), unpacking.budget()));
            return withLayer(open(expanded, compression.strip(name), requestedFormat, csvDelimiter, wanted, unpacking,
                    layer + 1), compression.key());
        }
        InputEncoding encoding = InputEncoding.of(unpacking.encoding(), head);
        in.skipNBytes(encoding.bomLength());
        byte[] text = encoding.headAsUtf8(head);
        String format = decideFormat(requestedFormat, fileName, text, csvDelimiter, wanted, unpacking.csvFields());
        if (format.equals("xml")) {
            encoding = encoding.withXmlDeclaration(text);
        }
        String delimiter = format.equals("csv") ? delimiter(csvDelimiter, text) : null;
        Detected detected = new Detected(format, "none", encoding.charset().name(), encoding.bomLength() > 0,
                lineEnding(text), delimiter, wanted == null ? null : wanted.key());
        // NDJSON checks each line's UTF-8 itself, so that a bad line is a record error and the next one is read
        StrictTextInput strict = format.equals("ndjson") && encoding.isUtf8() ? null : new StrictTextInput(in, encoding);
        InputStream utf8 = strict == null ? in : strict;
        RecordSizeGuard guard = new RecordSizeGuard(maxRecordBytes);
        RecordReader reader = switch (format) {
            case "ndjson" -> new NdjsonRecordReader(utf8, mapper, maxRecordBytes);
            case "json" -> new JsonRecordReader(mapper.getFactory().createParser(guard.guard(utf8)), mapper::readTree,
                    wanted, "JSON", guard);
            case "yaml" -> YamlValues.reader(guard.guard(utf8), wanted, guard, maxRecordBytes);
            case "csv" -> new CsvRecordReader(utf8, delimiter.charAt(0), guard, wanted, unpacking.csvFields());
            // handed text, the parser never decodes by the declaration a second time
            case "xml" -> new XmlRecordReader(new java.io.InputStreamReader(guard.guard(utf8), StandardCharsets.UTF_8),
                    wanted, maxRecordBytes, guard);
            case "markdown" -> new MarkdownRecordReader(utf8, wanted, guard);
            default -> throw new UnsupportedFormatException("format '" + format + "' is not supported; use one of " + NAMES);
        };
        boolean byteOffsets = format.equals("json") || format.equals("ndjson");
        return new Opened(strict != null && !encoding.isUtf8() && byteOffsets ? new InputOffsets(reader, strict) : reader,
                detected);
    }

    /** The charset the JDK knows by this name, for the {@code encoding} option; an unknown one is a bad option. */
    public static java.nio.charset.Charset charset(String name) {
        return InputEncoding.named(name);
    }

    /** The parts of a split export, checked against their manifest before anything is read. */
    public Opened openParts(java.nio.file.Path manifest, String requestedFormat, String csvDelimiter, DataType wanted,
                            Unpacking unpacking) throws IOException {
        List<SplitManifest.Part> parts = SplitManifest.verifiedParts(manifest, mapper);
        // one budget for all parts, measured against all their compressed bytes
        java.util.concurrent.atomic.AtomicLong raw = new java.util.concurrent.atomic.AtomicLong();
        Unpacking shared = unpacking.withBudget(unpacking.budget().forInput(raw::get));
        Opened opened = openPart(parts.get(0).file(), raw, requestedFormat, csvDelimiter, wanted, shared);
        return new Opened(new PartsRecordReader(parts, opened.reader(), this, raw, requestedFormat, csvDelimiter, wanted,
                shared), opened.detected());
    }

    /** One part of a split export; its bytes add to {@code raw}, which the parts' shared budget is measured against. */
    Opened openPart(java.nio.file.Path part, java.util.concurrent.atomic.AtomicLong raw, String requestedFormat,
                    String csvDelimiter, DataType wanted, Unpacking unpacking) throws IOException {
        InputStream in = new java.io.FilterInputStream(java.nio.file.Files.newInputStream(part)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                raw.addAndGet(Math.max(n, 0));
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                raw.addAndGet(c < 0 ? 0 : 1);
                return c;
            }
        };
        try {
            return open(in, part.getFileName().toString(), requestedFormat, csvDelimiter, wanted, unpacking);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static Opened withLayer(Opened inner, String compression) {
        Detected d = inner.detected();
        return compression == null ? inner : new Opened(inner.reader(), new Detected(d.format(), compression, d.encoding(),
                d.bom(), d.lineEnding(), d.delimiter(), d.dataType()));
    }

    private static String strip(String name, String extension) {
        return name.toLowerCase(Locale.ROOT).endsWith(extension) ? name.substring(0, name.length() - extension.length())
                : name;
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
                throw new io.contextstore.migration.operation.InvalidOptionsException(
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
