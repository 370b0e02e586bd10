package io.contextstore.migration.importing;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.commons.io.input.CountingInputStream;
import java.io.OutputStream;

/**
 * The raw input of an import, counting the bytes read (progress) and hashing them (audit log),
 * unless the caller knows the hash already (an inbox file was hashed before it was taken).
 */
final class MeteredInput {

    private final CountingInputStream counting;
    private final MessageDigest digest;
    private final String knownSha256;
    private final Long bytesTotal;

    MeteredInput(InputStream raw, Long bytesTotal, String knownSha256) {
        this.knownSha256 = knownSha256;
        if (knownSha256 != null) {
            this.digest = null;
            this.counting = new CountingInputStream(raw);
        } else {
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.counting = new CountingInputStream(new DigestInputStream(raw, digest));
        }
        this.bytesTotal = bytesTotal;
    }

    InputStream stream() {
        return counting;
    }

    long bytesRead() {
        return counting.getByteCount();
    }

    Long bytesTotal() {
        return bytesTotal;
    }

    /** Reads what the parser left unread so the hash covers the whole input, then closes it. */
    String finishSha256() {
        if (knownSha256 != null) {
            try {
                counting.close();
            } catch (IOException ignored) {
                // the input is done with either way
            }
            return knownSha256;
        }
        try (InputStream in = counting) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return null;
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
