package io.contextstore.migration.compression;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Refuses decompression bombs. One {@link Budget} covers a whole input: every decompressed stream
 * of it (each layer, each zip entry, each part of a split export, skipped ones too) counts against
 * {@code maxExpanded} bytes in all, and against {@code maxRatio} times the compressed bytes read
 * (checked past the first megabyte, where small files legitimately compress very well).
 */
public final class ExpansionGuard extends FilterInputStream {

    private static final long RATIO_FROM = 1024 * 1024;

    /** The expansion allowed to one input, shared by all its decompressed streams. */
    public static final class Budget {
        private final LongSupplier compressedRead;
        private final long maxExpanded;
        private final long maxRatio;
        private final AtomicLong expanded = new AtomicLong();

        public Budget(LongSupplier compressedRead, long maxExpanded, long maxRatio) {
            this.compressedRead = compressedRead;
            this.maxExpanded = maxExpanded;
            this.maxRatio = maxRatio;
        }

        public static Budget unlimited() {
            return new Budget(() -> 1, Long.MAX_VALUE, Long.MAX_VALUE);
        }

        /** The same limits for another input whose compressed bytes are counted by {@code compressedRead}. */
        public Budget forInput(LongSupplier compressedRead) {
            return new Budget(compressedRead, maxExpanded, maxRatio);
        }

        void consumed(long n) throws ExpansionRefusedException {
            long total = expanded.addAndGet(n);
            if (total > maxExpanded) {
                throw new ExpansionRefusedException("the input expands to more than " + maxExpanded
                        + " bytes (migration.max-expanded-size); refused as a possible decompression bomb");
            }
            long compressed = Math.max(1, compressedRead.getAsLong());
            if (total > RATIO_FROM && total / compressed > maxRatio) {
                throw new ExpansionRefusedException("the input expands more than " + maxRatio
                        + " times (migration.max-compression-ratio); refused as a possible decompression bomb");
            }
        }
    }

    private final Budget budget;

    public ExpansionGuard(InputStream expandedStream, Budget budget) {
        super(expandedStream);
        this.budget = budget;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            budget.consumed(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            budget.consumed(n);
        }
        return n;
    }

    /** Thrown when an input expands past the limits. */
    public static final class ExpansionRefusedException extends IOException {
        public ExpansionRefusedException(String message) {
            super(message);
        }
    }
}
