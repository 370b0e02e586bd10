package io.contextstore.migration.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.io.input.CloseShieldInputStream;
import io.contextstore.migration.compression.Compression;

/**
 * Whether an input file has an encrypted layer (aes-256-gcm or OpenPGP) anywhere inside: under
 * compression, in a zip entry, in a part of a split export. An encrypted layer is authenticated
 * only when it has been read to its end, so such an input must not be committed on the way.
 * Decided before the import reads a record, from the first bytes of every layer (the same signs
 * the import route opens them by, {@link Layer}); where that would take a full pass (a zip inside another
 * layer, more layers than are read), the answer is yes.
 */
public final class EncryptedLayers {

    private static final int MAX_LAYERS = 3;
    private static final int MAX_ZIP_ENTRIES = 10_000;

    private EncryptedLayers() {
    }

    public static boolean within(Path file, String name, ObjectMapper mapper) {
        try {
            return holds(file, name, mapper);
        } catch (IOException | RuntimeException unreadable) {
            // the import itself says what is wrong with the input; nothing is committed before that
            return true;
        }
    }

    private static boolean holds(Path file, String name, ObjectMapper mapper) throws IOException {
        if (SplitManifest.isManifest(name)) {
            for (String part : SplitManifest.partNames(file, mapper)) {
                Path sibling = file.resolveSibling(part);
                if (Files.isRegularFile(sibling) && holds(sibling, part, mapper)) {
                    return true;
                }
            }
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return within(in, name, file, 0);
        }
    }

    /** {@code file}: the input itself when it is the file on disk (a zip of it is read entry by entry). */
    private static boolean within(InputStream source, String fileName, Path file, int layer) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source, RecordFormats.SNIFF_BYTES);
        in.mark(RecordFormats.SNIFF_BYTES);
        byte[] head = in.readNBytes(RecordFormats.SNIFF_BYTES);
        in.reset();
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        Layer outer = Layer.of(head, name);
        if (outer.encrypted()) {
            return true;
        }
        if (head.length == 0 || outer == Layer.NONE) {
            return false;
        }
        Compression compression = outer.compression();
        if (layer >= MAX_LAYERS) {
            return true;
        }
        if (compression == Compression.ZIP) {
            return file == null || zipHolds(file, layer);
        }
        try (InputStream expanded = compression.decompress(in)) {
            return within(expanded, compression.strip(name), null, layer + 1);
        }
    }

    /**
     * Entries as the import reads them, local header after local header (not by the central
     * directory, which a crafted zip can make list other entries): a full pass over the zip.
     */
    private static boolean zipHolds(Path file, int layer) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int entries = 0;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > MAX_ZIP_ENTRIES) {
                    return true;
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String base = entry.getName().substring(entry.getName().replace('\\', '/').lastIndexOf('/') + 1);
                if (within(CloseShieldInputStream.wrap(zip), base, null, layer + 1)) {
                    return true;
                }
            }
            return false;
        }
    }
}
