package io.contextstore.migration.format;

import java.io.IOException;
import java.io.Reader;

/**
 * The text a parser has read, kept from where the oldest record still being read began, so that
 * the record can be cut out exactly as the input had it: parsers give offsets but not the text.
 * What lies before {@link #keepFrom} is dropped; a window that outgrows {@code limit} drops its
 * oldest half, and a slice that reaches into what was dropped is null.
 */
final class TextWindow extends Reader {

    private final Reader in;
    private final int limit;
    private char[] buffer = new char[64 * 1024];
    /** The offset in the input of buffer[0]; what lies before head is forgotten. */
    private long base;
    private int head;
    private int length;
    /**
     * Where the kept surrogate pairs end (their low surrogates), tracked only for a parser that
     * counts code points (SnakeYAML), so that the others pay no pass over every character.
     */
    private final boolean codePoints;
    private final java.util.ArrayDeque<Long> pairs = new java.util.ArrayDeque<>();
    private long pairsForgotten;
    private boolean afterHighSurrogate;

    TextWindow(Reader in, int limit) {
        this(in, limit, false);
    }

    /** A window whose offsets, for {@link #charOffset}, come from a parser that counts code points. */
    static TextWindow countingCodePoints(Reader in, int limit) {
        return new TextWindow(in, limit, true);
    }

    private TextWindow(Reader in, int limit, boolean codePoints) {
        this.codePoints = codePoints;
        this.in = in;
        this.limit = Math.max(limit, 64 * 1024);
    }

    @Override
    public int read(char[] target, int offset, int count) throws IOException {
        int n = in.read(target, offset, count);
        if (n > 0) {
            append(target, offset, n);
        }
        return n;
    }

    private void append(char[] chars, int offset, int n) {
        if (length + n > buffer.length) {
            if (length - head + n > limit) {
                keepFrom(base + Math.max(head + (length - head) / 2, length + n - limit));
            }
            // compacted only when full, so that forgetting costs nothing per record
            System.arraycopy(buffer, head, buffer, 0, length - head);
            base += head;
            length -= head;
            head = 0;
            if (length + n > buffer.length) {
                char[] larger = new char[Math.max(buffer.length * 2, length + n)];
                System.arraycopy(buffer, 0, larger, 0, length);
                buffer = larger;
            }
        }
        for (int i = 0; codePoints && i < n; i++) {
            char c = chars[offset + i];
            if (afterHighSurrogate && Character.isLowSurrogate(c)) {
                pairs.add(base + length + i);
            }
            afterHighSurrogate = Character.isHighSurrogate(c);
        }
        System.arraycopy(chars, offset, buffer, length, n);
        length += n;
    }

    /**
     * The character offset of a code point offset, for SnakeYAML, whose marks count code points:
     * each surrogate pair before it counts twice here. Asked only for offsets still kept.
     */
    long charOffset(long offset) {
        long before = pairsForgotten;
        for (long low : pairs) {
            if (low - 1 - before >= offset) {
                break;
            }
            before++;
        }
        return offset + before;
    }

    /** The offset just after the last character read. */
    long end() {
        return base + length;
    }

    /** Forgets what lies before {@code offset}. */
    void keepFrom(long offset) {
        head = (int) Math.max(head, Math.min(offset - base, length));
        while (!pairs.isEmpty() && pairs.peekFirst() < base + head) {
            pairs.removeFirst();
            pairsForgotten++;
        }
    }

    /** The text between two offsets, or null where it is no longer kept. */
    String slice(long from, long to) {
        if (from < base + head || to > base + length || from > to) {
            return null;
        }
        return new String(buffer, (int) (from - base), (int) (to - from));
    }

    /** The character at {@code offset}, or -1 where it is no longer kept. */
    int charAt(long offset) {
        return offset < base + head || offset >= base + length ? -1 : buffer[(int) (offset - base)];
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
