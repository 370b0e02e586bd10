package io.contextstore.migration.format;

import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Bounds what one record may take of the input. The parsers hold a record, or one field of it,
 * whole; an unclosed CSV quote, an unterminated Markdown fence or a JSON array of millions of
 * elements would otherwise pull the rest of a large file into memory. Readers call
 * {@link #startRecord} where a record begins; reading further than {@code limit} characters (or
 * bytes) from there fails the input with a clear error.
 */
final class RecordSizeGuard {

    private final long limit;
    private long sinceStart;

    RecordSizeGuard(long limit) {
        this.limit = limit;
    }

    void startRecord() {
        sinceStart = 0;
    }

    private void consumed(long n) {
        if (n > 0 && (sinceStart += n) > limit) {
            throw new UnreadableInputException("a record is larger than " + io.contextstore.migration.config
                    .LimitsProperties.readable(limit) + " (migration.limits.max-record-bytes): an unclosed quote or "
                    + "block, or a record too large to import", null, null);
        }
    }

    InputStream guard(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                consumed(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                consumed(n);
                return n;
            }
        };
    }

    Reader guard(Reader in) {
        return new FilterReader(in) {
            @Override
            public int read() throws IOException {
                int c = super.read();
                consumed(c < 0 ? 0 : 1);
                return c;
            }

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                consumed(n);
                return n;
            }
        };
    }
}
