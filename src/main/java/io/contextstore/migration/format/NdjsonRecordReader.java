package io.contextstore.migration.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Verbatim;
import java.util.Arrays;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.contextstore.migration.config.LimitsProperties;
import java.nio.charset.CharsetDecoder;

/**
 * Newline-delimited JSON, one record per line. Lines are split on bytes and decoded one by one, so
 * a malformed line or one with invalid UTF-8 is a record error with its line and byte offset, and
 * the next line is read as usual. Blank lines are ignored.
 */
public class NdjsonRecordReader extends LookaheadReader {

    private final InputStream in;
    private final ObjectReader mapper;
    /** Checks lines holding bytes beyond ASCII; one decoder and buffer for all of them. */
    private final CharsetDecoder utf8 = StrictTextInput.decoder(StandardCharsets.UTF_8);
    private CharBuffer decoded = CharBuffer.allocate(1024);
    private final int maxRecordBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPos;
    private int bufferEnd;
    private long lineNumber;
    private long byteOffset;
    private long position;
    private boolean eof;

    public NdjsonRecordReader(InputStream in, ObjectMapper mapper, int maxRecordBytes) {
        this.in = in;
        // one record per line: a second value on a line is an error, not dropped
        this.mapper = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    protected SourceRecord advance() {
        SourceRecord record = null;
        while (record == null && !eof) {
            record = readRecord();
        }
        return record;
    }

    /** Reads one line; returns null for a blank one. */
    private SourceRecord readRecord() {
        long start = byteOffset;
        long number = ++lineNumber;
        boolean tooLong = false;
        boolean endOfLine = false;
        line.reset();
        try {
            while (!endOfLine) {
                if (bufferPos == bufferEnd && !fill()) {
                    eof = true;
                    break;
                }
                int from = bufferPos;
                while (bufferPos < bufferEnd && buffer[bufferPos] != '\n') {
                    bufferPos++;
                }
                int length = bufferPos - from;
                if (bufferPos < bufferEnd) {
                    endOfLine = true;
                    bufferPos++;
                }
                byteOffset += bufferPos - from;
                int room = maxRecordBytes - line.size();
                if (length > room) {
                    tooLong = true;
                }
                line.write(buffer, from, Math.min(length, room));
            }
        } catch (IOException e) {
            throw new UnreadableInputException("cannot read the input: " + IoMessages.describe(e), number, start);
        }
        if (tooLong) {
            return SourceRecord.unparsable(++position, number, start, null,
                    "the line is longer than " + LimitsProperties.readable(maxRecordBytes)
                            + " (migration.limits.max-record-bytes)");
        }
        byte[] bytes = line.toByteArray();
        int from = number == 1 && startsWithBom(bytes) ? 3 : 0;
        int to = bytes.length > from && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (isBlank(bytes, from, to)) {
            return null;
        }
        long pos = ++position;
        Verbatim raw = Verbatim.utf8(from == 0 && to == bytes.length ? bytes : Arrays.copyOfRange(bytes, from, to),
                (to < bytes.length ? "\r" : "") + (endOfLine ? "\n" : ""));
        int invalid = firstInvalidUtf8(bytes, from, to);
        if (invalid >= 0) {
            return SourceRecord.unparsable(pos, number, start, raw,
                    "not valid UTF-8 at byte " + (start + invalid) + "; if the file is in another encoding, give it "
                            + "with the encoding option, e.g. windows-1252");
        }
        // parsed from the bytes; the text is made only for records that are shown
        try {
            JsonNode node = mapper.readTree(bytes, from, to - from);
            if (node instanceof ObjectNode object) {
                return SourceRecord.parsed(pos, number, start, object, raw);
            }
            return SourceRecord.unparsable(pos, number, start, raw, "a record must be a JSON object");
        } catch (JsonProcessingException e) {
            String problem = JsonProblems.describe(e);
            return SourceRecord.unparsable(pos, number, start, raw, "malformed JSON: "
                    + (problem != null ? problem : e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UnreadableInputException("cannot read the input: " + IoMessages.describe(e), number, start);
        }
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Where in the line the first byte that is no UTF-8 is (overlong forms and surrogates included), or -1. */
    private int firstInvalidUtf8(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                if (decoded.capacity() < to - i) {
                    decoded = CharBuffer.allocate(Math.max(to - i, decoded.capacity() * 2));
                }
                decoded.clear();
                ByteBuffer in = ByteBuffer.wrap(b, i, to - i);
                CoderResult result = utf8.reset().decode(in, decoded, true);
                return result.isError() ? in.position() : -1;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        bufferPos = 0;
        bufferEnd = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
