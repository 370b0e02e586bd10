package io.contextstore.migration.crypto;

import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of an encrypted file as a user gives it: base64 of 32 raw bytes, or a passphrase
 * stretched with PBKDF2-HMAC-SHA256. Its {@code toString} never shows the key.
 */
public final class AeadKey {

    public static final int MIN_ITERATIONS = 600_000;
    /** The most a file's header may demand unless configured otherwise (migration.limits.max-pbkdf2-iterations). */
    public static final int MAX_ITERATIONS = 2_000_000;

    private final byte[] raw;
    private final char[] text;

    private AeadKey(byte[] raw, char[] text) {
        this.raw = raw;
        this.text = text;
    }

    /** Base64 of exactly 32 bytes is a raw key; anything else is a passphrase. */
    public static AeadKey of(String given) {
        if (given == null || given.isEmpty()) {
            throw new IllegalArgumentException("an encryption key is required");
        }
        byte[] raw = null;
        try {
            byte[] decoded = Base64.getDecoder().decode(given.trim());
            raw = decoded.length == 32 ? decoded : null;
        } catch (IllegalArgumentException notBase64) {
            // a passphrase
        }
        return new AeadKey(raw, given.toCharArray());
    }

    boolean isRaw() {
        return raw != null;
    }

    SecretKeySpec raw() {
        return new SecretKeySpec(raw, "AES");
    }

    /** The key as a passphrase, stretched with a file's salt and iteration count. */
    SecretKeySpec stretched(byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(text, salt, iterations, 256);
        try {
            return new SecretKeySpec(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded(), "AES");
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "AeadKey[hidden]";
    }
}
