package io.contextstore.migration.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.Charset;

/**
 * An input's text, decoded strictly in its charset and handed on as UTF-8, so that every parser
 * reads the same checked bytes. Jackson's own UTF-8 decoding lets overlong forms and encoded
 * surrogates through, and an {@code InputStreamReader} would read a legacy charset without saying
 * where a byte is wrong; the JDK's decoder with {@link CodingErrorAction#REPORT} refuses both,
 * with the byte offset of the input. Valid UTF-8 comes out exactly as it went in, so a UTF-8
 * input's offsets stay its own; for other charsets {@link #inputOffset} translates.
 */
final class StrictTextInput extends InputStream {

    /** Runs of characters kept for translating offsets; beyond it an old offset is unknown rather than wrong. */
    private static final int MAX_RUNS = 1 << 16;

    private final InputStream in;
    private final InputEncoding encoding;
    private final CharsetDecoder decoder;
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer raw = ByteBuffer.allocate(8192).flip();
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer out = ByteBuffer.allocate(8192 * 3).flip();
    private final int bytesPerChar;
    /** Runs of characters that take the same bytes in the input and in UTF-8: where each starts in both. */
    private final long[] runOut;
    private final long[] runIn;
    private final byte[] runInWidth;
    private final byte[] runOutWidth;
    private int firstRun;
    private int runs;
    private long decoded;
    private long written;
    private long inputPosition;
    private boolean eof;
    private boolean done;
    private UnreadableInputException refused;

    /** A decoder that refuses what is not valid in the charset (overlong UTF-8 and encoded surrogates too), never replaces it. */
    static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    StrictTextInput(InputStream in, InputEncoding encoding) {
        this.in = in;
        this.encoding = encoding;
        this.decoder = decoder(encoding.charset());
        this.inputPosition = encoding.bomLength();
        this.decoded = encoding.bomLength();
        String name = encoding.charset().name();
        this.bytesPerChar = name.contains("UTF-16") || name.equals("UnicodeBig") ? 2
                : name.contains("UTF-32") ? 4
                : encoding.charset().newEncoder().maxBytesPerChar() == 1.0f ? 1 : 0;
        // UTF-8 needs no translation, and a charset of variable width gets none
        int kept = encoding.isUtf8() || bytesPerChar == 0 ? 0 : MAX_RUNS;
        this.runOut = new long[kept];
        this.runIn = new long[kept];
        this.runInWidth = new byte[kept];
        this.runOutWidth = new byte[kept];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!out.hasRemaining()) {
            if (refused != null) {
                throw refused;
            }
            if (done) {
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(len, out.remaining());
        out.get(b, off, n);
        return n;
    }

    private void decodeMore() throws IOException {
        if (!eof) {
            raw.compact();
            int n = in.read(raw.array(), raw.position(), raw.remaining());
            if (n < 0) {
                eof = true;
            } else {
                raw.position(raw.position() + n);
            }
            raw.flip();
        }
        int before = raw.position();
        CoderResult result = decoder.decode(raw, chars, eof);
        decoded += raw.position() - before;
        if (result.isError()) {
            refused = invalid(decoded);
        } else if (eof && result.isUnderflow() && !raw.hasRemaining()) {
            done = decoder.flush(chars).isUnderflow();
        }
        chars.flip();
        out.clear();
        int from = chars.position();
        utf8.encode(chars, out, done);
        track(from, chars.position());
        chars.compact();
        out.flip();
    }

    private UnreadableInputException invalid(long offset) {
        String name = encoding.charset().name();
        String message = "not valid " + name + " at byte " + offset + (encoding.origin() == InputEncoding.Origin.DEFAULT
                ? "; if the file is in another encoding, give it with the encoding option, e.g. windows-1252"
                : " (read as " + name + " " + encoding.because() + ")");
        return new UnreadableInputException(message, null, offset);
    }

    /** Notes where the characters just written start in the input and in the output. */
    private void track(int from, int to) {
        if (runOut.length == 0) {
            return;
        }
        for (int i = from; i < to; i++) {
            char c = chars.get(i);
            int outWidth = c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            int inWidth = bytesPerChar == 4 && Character.isSurrogate(c) ? 2 : bytesPerChar;
            int last = (firstRun + runs - 1) % MAX_RUNS;
            if (runs == 0 || runInWidth[last] != inWidth || runOutWidth[last] != outWidth) {
                if (runs == MAX_RUNS) {
                    firstRun = (firstRun + 1) % MAX_RUNS;
                    runs--;
                }
                int next = (firstRun + runs) % MAX_RUNS;
                runOut[next] = written;
                runIn[next] = inputPosition;
                runInWidth[next] = (byte) inWidth;
                runOutWidth[next] = (byte) outWidth;
                runs++;
            }
            written += outWidth;
            inputPosition += inWidth;
        }
    }

    /**
     * Where a byte offset of the UTF-8 this stream wrote lies in its input; null when that is no
     * longer known (a charset of variable width, or an offset further back than the runs kept).
     */
    Long inputOffset(Long offset) {
        if (offset == null || encoding.isUtf8()) {
            return offset;
        }
        if (bytesPerChar == 0) {
            return null;
        }
        // offsets are asked in order, so the runs before the one that holds it are done with
        while (runs > 1 && runOut[(firstRun + 1) % MAX_RUNS] <= offset) {
            firstRun = (firstRun + 1) % MAX_RUNS;
            runs--;
        }
        if (runs == 0) {
            return offset == 0 ? (long) encoding.bomLength() : null;
        }
        if (runOut[firstRun] > offset) {
            return null;
        }
        return runIn[firstRun] + (offset - runOut[firstRun]) / runOutWidth[firstRun] * runInWidth[firstRun];
    }

    /** Whether this is the decoder's own refusal, whose offset is of the input already. */
    boolean refused(UnreadableInputException e) {
        return e == refused;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
