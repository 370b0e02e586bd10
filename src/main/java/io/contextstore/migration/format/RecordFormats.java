package io.contextstore.migration.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * Decides how an input file is read: the format from the request, then the file name, then the
 * content (a {@code .txt} holding JSON is read as JSON), and opens the streaming reader for it.
 */
@Component
public class RecordFormats {

    static final int SNIFF_BYTES = 64 * 1024;
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final ObjectMapper mapper;

    public RecordFormats(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public record Opened(RecordReader reader, Detected detected) {
    }

    public Opened open(InputStream source, String fileName, String requestedFormat, String dataType) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source, SNIFF_BYTES);
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        if (head.length == 0) {
            throw new UnreadableInputException("the file is empty (0 bytes)", null, 0L);
        }
        if (startsWith(head, 0xFE, 0xFF) || startsWith(head, 0xFF, 0xFE)) {
            throw new UnreadableInputException("the file is UTF-16 encoded; only UTF-8 is read", null, 0L);
        }
        boolean bom = startsWith(head, 0xEF, 0xBB, 0xBF);
        String format = decideFormat(requestedFormat, fileName, head, bom);
        Detected detected = new Detected(format, "none", "UTF-8", bom, lineEnding(head), null, dataType);
        RecordReader reader = switch (format) {
            case "ndjson" -> new NdjsonRecordReader(in, mapper, MAX_RECORD_BYTES);
            case "json" -> new JsonRecordReader(in, mapper, dataType);
            default -> throw new UnsupportedFormatException("format '" + format + "' is not supported yet");
        };
        return new Opened(reader, detected);
    }

    private String decideFormat(String requested, String fileName, byte[] head, boolean bom) {
        String declared = normalize(requested);
        if (declared == null) {
            declared = fromName(fileName);
        }
        int first = firstNonBlank(head, bom ? 3 : 0);
        boolean jsonLike = first >= 0 && (head[first] == '[' || head[first] == '{');
        if (declared == null && !jsonLike) {
            throw new UnsupportedFormatException("cannot tell the format of '" + fileName
                    + "': name it .json or .ndjson, or pass the format option");
        }
        if (declared == null || declared.equals("json") || declared.equals("ndjson")) {
            if (first < 0) {
                throw new UnreadableInputException("the file holds only whitespace", 1L, 0L);
            }
            // A first line that is a whole object means one record per line; anything else is one document.
            return head[first] == '{' && firstLineIsObject(head, first) ? "ndjson" : "json";
        }
        return declared;
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
            case "csv" -> "csv";
            case "xml" -> "xml";
            case "yaml", "yml" -> "yaml";
            case "md", "markdown" -> "markdown";
            default -> null;
        };
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

    private static int firstNonBlank(byte[] head, int from) {
        for (int i = from; i < head.length; i++) {
            if (!Character.isWhitespace(head[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
