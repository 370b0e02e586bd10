package io.contextstore.migration.exporting;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An export file's bytes on their way out: counted for the result and hashed for its sha256. */
final class MeteredOutput extends FilterOutputStream {

    private final MessageDigest digest;
    private long bytesWritten;

    MeteredOutput(OutputStream out) {
        super(out);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        bytesWritten++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        bytesWritten += len;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
