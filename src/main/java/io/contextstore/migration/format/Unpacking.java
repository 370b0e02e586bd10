package io.contextstore.migration.format;

import java.util.function.LongSupplier;

/**
 * What opening an input may need beyond its format: the key of an encrypted file (from the
 * request or {@code MIGRATION_KEY}; never logged), and the limits that refuse decompression bombs,
 * measured against the bytes read of the file itself.
 */
public record Unpacking(String key, LongSupplier compressedRead, long maxExpanded, long maxRatio,
                        java.nio.file.Path pgpSecretKeyring, String pgpPassphrase) {

    public static Unpacking none() {
        return new Unpacking(null, () -> 0, Long.MAX_VALUE, Long.MAX_VALUE, null, null);
    }

    @Override
    public String toString() {
        return "Unpacking[maxExpanded=" + maxExpanded + ", maxRatio=" + maxRatio + "]";
    }
}
