package io.contextstore.migration.format;

import java.util.Locale;

import io.contextstore.migration.compression.Compression;
import io.contextstore.migration.crypto.OpenPgp;
import io.contextstore.migration.crypto.SegmentedAead;

/**
 * What an input is wrapped in, told from its first bytes and, where a layer has no magic bytes
 * (brotli) or may be armored text (OpenPGP), from its name: the one place that decides it, for the
 * import route and for the check whether an input holds an encrypted layer anywhere.
 */
public enum Layer {
    AES_GCM("aes-256-gcm", ".enc"),
    OPENPGP("openpgp", ".pgp", ".gpg", ".asc"),
    GZIP("gzip", ".gz"),
    BROTLI("brotli", ".br"),
    ZSTD("zstd", ".zst"),
    ZIP("zip", ".zip"),
    NONE("none");

    private final String key;
    private final String[] extensions;

    Layer(String key, String... extensions) {
        this.key = key;
        this.extensions = extensions;
    }

    public String key() {
        return key;
    }

    public boolean encrypted() {
        return this == AES_GCM || this == OPENPGP;
    }

    /** The compression of a compressed layer. */
    public Compression compression() {
        return Compression.parse(this == NONE || encrypted() ? "none" : key);
    }

    public static Layer of(byte[] head, String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (SegmentedAead.isEncrypted(head) || AES_GCM.hasExtension(name)) {
            return AES_GCM;
        }
        if (OpenPgp.looksLikePgp(head) || OPENPGP.hasExtension(name)) {
            return OPENPGP;
        }
        return switch (Compression.detect(head, name)) {
            case GZIP -> GZIP;
            case BROTLI -> BROTLI;
            case ZSTD -> ZSTD;
            case ZIP -> ZIP;
            case NONE -> NONE;
        };
    }

    public static Layer named(String key) {
        for (Layer layer : values()) {
            if (layer.key.equals(key)) {
                return layer;
            }
        }
        throw new IllegalArgumentException("no input layer '" + key + "'");
    }

    private boolean hasExtension(String lowerName) {
        for (String extension : extensions) {
            if (lowerName.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }

    /** The name of what is inside ({@code a.json.gz.enc} to {@code a.json.gz}). */
    public String strip(String fileName) {
        if (fileName == null) {
            return null;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : extensions) {
            if (lower.endsWith(extension)) {
                return fileName.substring(0, fileName.length() - extension.length());
            }
        }
        return fileName;
    }
}
