package io.contextstore.migration.compression;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Refuses decompression bombs: the expanded stream may grow to {@code maxExpanded} bytes, and to
 * at most {@code maxRatio} times the compressed bytes read so far (checked past the first
 * megabyte, where small files legitimately compress very well).
 */
public final class ExpansionGuard extends FilterInputStream {

    private static final long RATIO_FROM = 1024 * 1024;

    private final LongSupplier compressedRead;
    private final long maxExpanded;
    private final long maxRatio;
    private long expanded;

    public ExpansionGuard(InputStream expandedStream, LongSupplier compressedRead, long maxExpanded, long maxRatio) {
        super(expandedStream);
        this.compressedRead = compressedRead;
        this.maxExpanded = maxExpanded;
        this.maxRatio = maxRatio;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    public long expanded() {
        return expanded;
    }

    private void count(int n) throws IOException {
        expanded += n;
        if (expanded > maxExpanded) {
            throw new ExpansionRefusedException("the input expands to more than " + maxExpanded
                    + " bytes (migration.max-expanded-size); refused as a possible decompression bomb");
        }
        long compressed = Math.max(1, compressedRead.getAsLong());
        if (expanded > RATIO_FROM && expanded / compressed > maxRatio) {
            throw new ExpansionRefusedException("the input expands more than " + maxRatio
                    + " times (migration.max-compression-ratio); refused as a possible decompression bomb");
        }
    }

    /** Thrown when an input expands past the limits. */
    public static final class ExpansionRefusedException extends IOException {
        public ExpansionRefusedException(String message) {
            super(message);
        }
    }
}
