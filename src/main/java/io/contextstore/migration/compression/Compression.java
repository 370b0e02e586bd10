package io.contextstore.migration.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

/**
 * The compressions of SPEC §8, as streams. Camel's gzip and zipfile data formats (de)compress one
 * message body; an export is one stream written across many batches and an import one stream read
 * record by record, so the same JDK streams those data formats use, and brotli4j and zstd-jni for
 * the other two, are wrapped around the file here.
 */
public enum Compression {
    NONE("none", ""), GZIP("gzip", ".gz"), BROTLI("brotli", ".br"), ZSTD("zstd", ".zst"), ZIP("zip", ".zip");

    private final String key;
    private final String extension;

    Compression(String key, String extension) {
        this.key = key;
        this.extension = extension;
    }

    public String key() {
        return key;
    }

    public String extension() {
        return extension;
    }

    public static Compression parse(String value) {
        String v = value == null ? "none" : value.trim().toLowerCase(Locale.ROOT);
        for (Compression c : values()) {
            if (c.key.equals(v) || (c == GZIP && v.equals("gz")) || (c == ZSTD && v.equals("zst"))
                    || (c == BROTLI && v.equals("br"))) {
                return c;
            }
        }
        throw new IllegalArgumentException("compression must be none, gzip, brotli, zstd or zip, not '" + value + "'");
    }

    /** By magic bytes (gzip, zstd, zip), else by the name's extension (brotli has no magic). */
    public static Compression detect(byte[] head, String fileName) {
        if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        if (head.length >= 4 && (head[0] & 0xFF) == 0x28 && (head[1] & 0xFF) == 0xB5 && (head[2] & 0xFF) == 0x2F
                && (head[3] & 0xFF) == 0xFD) {
            return ZSTD;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return ZIP;
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".br") ? BROTLI : NONE;
    }

    /** The name without this compression's extension ({@code a.json.gz} to {@code a.json}). */
    public String strip(String fileName) {
        return fileName != null && !extension.isEmpty() && fileName.toLowerCase(Locale.ROOT).endsWith(extension)
                ? fileName.substring(0, fileName.length() - extension.length()) : fileName;
    }

    /** Compresses what is written; a zip holds one entry of {@code entryName}. */
    public OutputStream compress(OutputStream out, String entryName) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 64 * 1024);
            case BROTLI -> {
                Brotli4jLoader.ensureAvailability();
                yield new BrotliOutputStream(out, new Encoder.Parameters().setQuality(5));
            }
            case ZSTD -> new ZstdOutputStream(out, 3);
            case ZIP -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.putNextEntry(new ZipEntry(entryName));
                yield zip;
            }
        };
    }

    /** Decompresses gzip, brotli or zstd (zip is read entry by entry elsewhere). */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE, ZIP -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case BROTLI -> {
                Brotli4jLoader.ensureAvailability();
                yield new BrotliInputStream(in);
            }
            // windows up to 8 MB (level 19 and below); a larger one would take its size in native memory
            case ZSTD -> new ZstdInputStream(in).setLongMax(23);
        };
    }
}
