package io.contextstore.migration.format;

import java.io.IOException;
import java.io.InputStream;

/** {@link TextWindow} for a parser that reads bytes (Jackson's JSON parser over UTF-8). */
final class ByteWindow extends InputStream {

    private final InputStream in;
    private final int limit;
    private byte[] buffer = new byte[64 * 1024];
    /** The offset in the input of buffer[0]; what lies before head is forgotten. */
    private long base;
    private int head;
    private int length;

    ByteWindow(InputStream in, int limit) {
        this.in = in;
        this.limit = Math.max(limit, 64 * 1024);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int count) throws IOException {
        int n = in.read(target, offset, count);
        if (n > 0) {
            append(target, offset, n);
        }
        return n;
    }

    private void append(byte[] chars, int offset, int n) {
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
                byte[] larger = new byte[Math.max(buffer.length * 2, length + n)];
                System.arraycopy(buffer, 0, larger, 0, length);
                buffer = larger;
            }
        }
        System.arraycopy(chars, offset, buffer, length, n);
        length += n;
    }

    /** The offset just after the last character read. */
    long end() {
        return base + length;
    }

    /** Forgets what lies before {@code offset}. */
    void keepFrom(long offset) {
        head = (int) Math.max(head, Math.min(offset - base, length));
    }

    /** The bytes between two offsets, or null where they are no longer kept. */
    byte[] slice(long from, long to) {
        if (from < base + head || to > base + length || from > to) {
            return null;
        }
        return java.util.Arrays.copyOfRange(buffer, (int) (from - base), (int) (to - base));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
