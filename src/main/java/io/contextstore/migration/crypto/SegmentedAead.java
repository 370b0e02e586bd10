package io.contextstore.migration.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code aes-256-gcm} file format of SPEC §9: a 40-byte header, then the plaintext in
 * segments of {@code segmentSize} bytes, each sealed with AES-256-GCM under the nonce
 * {@code noncePrefix || uint32(index) || last} and the header as associated data. The JDK's
 * AES-GCM decryption returns nothing before it has seen a whole message and its tag, so one
 * message per segment is what keeps memory bounded; the index and the last flag in the nonce make
 * reordered, dropped or truncated segments fail authentication.
 */
public final class SegmentedAead {

    static final byte[] MAGIC = {'P', 'C', 'S', 'A', 'E', 'A', 'D', '1'};
    public static final int HEADER_SIZE = 40;
    static final int DEFAULT_SEGMENT_SIZE = 65_536;
    static final int MAX_SEGMENT_SIZE = 1024 * 1024;
    private static final int TAG_SIZE = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String FAILED = "decryption failed: wrong key or damaged file";

    private SegmentedAead() {
    }

    /** True when the bytes start like a file of this format. */
    public static boolean isEncrypted(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC);
    }

    /** An output stream that encrypts what is written to {@code out}; closing it seals the last segment. */
    public static OutputStream encrypt(OutputStream out, AeadKey key) throws IOException {
        int segmentSize = DEFAULT_SEGMENT_SIZE;
        byte[] salt = new byte[16];
        byte[] noncePrefix = new byte[7];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(noncePrefix);
        int iterations = key.isRaw() ? 0 : AeadKey.MIN_ITERATIONS;
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).put(MAGIC).put((byte) (key.isRaw() ? 0 : 1))
                .putInt(iterations).put(salt).put(noncePrefix).putInt(segmentSize);
        byte[] headerBytes = header.array();
        SecretKeySpec aes;
        try {
            aes = key.isRaw() ? key.raw() : key.stretched(salt, iterations);
        } catch (GeneralSecurityException e) {
            throw new IOException("the key cannot be derived", e);
        }
        out.write(headerBytes);
        return new EncryptingStream(out, aes, headerBytes, noncePrefix, segmentSize);
    }

    private static final class EncryptingStream extends FilterOutputStream {
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] noncePrefix;
        private final byte[] segment;
        private int filled;
        private int index;
        private boolean closed;

        EncryptingStream(OutputStream out, SecretKeySpec key, byte[] header, byte[] noncePrefix, int segmentSize) {
            super(out);
            this.key = key;
            this.header = header;
            this.noncePrefix = noncePrefix;
            this.segment = new byte[segmentSize];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == segment.length) {
                    // a full segment is sealed only once more data shows it is not the last
                    seal(false);
                }
                int n = Math.min(len, segment.length - filled);
                System.arraycopy(b, off, segment, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, nonce(noncePrefix, index++, last)));
                cipher.updateAAD(header);
                out.write(cipher.doFinal(segment, 0, filled));
                filled = 0;
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    seal(true);
                } finally {
                    out.close();
                }
            }
        }
    }

    static byte[] nonce(byte[] prefix, int index, boolean last) {
        return ByteBuffer.allocate(12).put(prefix).putInt(index).put((byte) (last ? 1 : 0)).array();
    }

    /** An input stream of the plaintext; a wrong key or any change to the file fails with {@link DecryptionException}. */
    public static InputStream decrypt(InputStream in, AeadKey key) throws IOException {
        return decrypt(in, key, AeadKey.MAX_ITERATIONS);
    }

    /**
     * As {@link #decrypt(InputStream, AeadKey)}, refusing a header that demands more than
     * {@code maxIterations} PBKDF2 iterations before any key is derived: the count is the file's
     * to choose, and each million costs about a second of CPU.
     */
    public static InputStream decrypt(InputStream in, AeadKey key, int maxIterations) throws IOException {
        byte[] header = in.readNBytes(HEADER_SIZE);
        if (header.length < HEADER_SIZE || !isEncrypted(header)) {
            throw new DecryptionException("not an aes-256-gcm file of this service (bad header)");
        }
        ByteBuffer h = ByteBuffer.wrap(header, MAGIC.length, HEADER_SIZE - MAGIC.length);
        int kdf = h.get();
        int iterations = h.getInt();
        byte[] salt = new byte[16];
        h.get(salt);
        byte[] noncePrefix = new byte[7];
        h.get(noncePrefix);
        int segmentSize = h.getInt();
        if (segmentSize < 1 || segmentSize > MAX_SEGMENT_SIZE) {
            throw new DecryptionException("the file's segment size " + segmentSize + " is out of range");
        }
        if (kdf == 0 && !key.isRaw()) {
            throw new DecryptionException("this file was encrypted with a raw 32-byte key; give that key (base64)");
        }
        if (kdf == 1 && (iterations < AeadKey.MIN_ITERATIONS || iterations > maxIterations)) {
            throw new DecryptionException("decryption refused: the file's header demands " + Integer.toUnsignedString(iterations)
                    + " PBKDF2 iterations, outside " + AeadKey.MIN_ITERATIONS + ".." + maxIterations
                    + " (migration.limits.max-pbkdf2-iterations)");
        }
        if (kdf != 0 && kdf != 1) {
            throw new DecryptionException("unknown key derivation " + kdf);
        }
        SecretKeySpec aes;
        try {
            aes = kdf == 0 ? key.raw() : key.stretched(salt, iterations);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(FAILED);
        }
        return new DecryptingStream(in, aes, header, noncePrefix, segmentSize);
    }

    private static final class DecryptingStream extends InputStream {
        private final InputStream in;
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] noncePrefix;
        private final byte[] sealed;
        private byte[] plain = new byte[0];
        private int position;
        private int index;
        private boolean done;
        private int lookahead = -2;

        DecryptingStream(InputStream in, SecretKeySpec key, byte[] header, byte[] noncePrefix, int segmentSize) {
            this.in = in;
            this.key = key;
            this.header = header;
            this.noncePrefix = noncePrefix;
            this.sealed = new byte[segmentSize + TAG_SIZE];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position == plain.length) {
                if (done) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void nextSegment() throws IOException {
            int filled = 0;
            if (lookahead >= 0) {
                sealed[filled++] = (byte) lookahead;
            }
            filled += in.readNBytes(sealed, filled, sealed.length - filled);
            boolean last;
            if (filled < sealed.length) {
                last = true;
            } else {
                lookahead = in.read();
                last = lookahead < 0;
            }
            if (filled < TAG_SIZE) {
                throw new DecryptionException(FAILED + " (truncated)");
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, nonce(noncePrefix, index++, last)));
                cipher.updateAAD(header);
                plain = cipher.doFinal(sealed, 0, filled);
                position = 0;
            } catch (AEADBadTagException e) {
                throw new DecryptionException(FAILED);
            } catch (GeneralSecurityException e) {
                throw new DecryptionException(FAILED);
            }
            done = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
