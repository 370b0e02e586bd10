package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;

/**
 * An export of all types as one zip with a file per data type ({@code contexts.csv},
 * {@code sessions.json}, ...) and {@code manifest.json} listing each with its records, size and
 * sha256: what CSV needs (one record type per file), and what {@code compression: zip} gives for
 * every format.
 */
final class ZipPerTypeWriter implements RecordWriter {

    /** Opens the single-type writer of one entry. */
    @FunctionalInterface
    interface EntryWriters {
        RecordWriter open(DataType type, OutputStream entry) throws IOException;
    }

    private final ZipOutputStream zip;
    private final EntryWriters writers;
    private final String extension;
    private final ObjectMapper mapper;
    private final ArrayNode parts;
    private final ObjectNode manifest;
    private RecordWriter current;
    private CountingOutputStream counted;
    private MessageDigest digest;
    private String entryName;
    private long records;

    ZipPerTypeWriter(OutputStream out, String extension, ObjectMapper mapper, ObjectNode header, EntryWriters writers) {
        this.zip = new ZipOutputStream(out);
        this.extension = extension;
        this.mapper = mapper;
        this.writers = writers;
        this.manifest = mapper.createObjectNode();
        if (header != null) {
            manifest.setAll(header);
        }
        this.parts = manifest.putArray("parts");
    }

    @Override
    public void section(DataType type) throws IOException {
        closeEntry();
        entryName = type.key() + "." + extension;
        zip.putNextEntry(new ZipEntry(entryName));
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        counted = new CountingOutputStream(new DigestOutputStream(CloseShieldOutputStream.wrap(zip), digest));
        current = writers.open(type, counted);
        records = 0;
    }

    private void closeEntry() throws IOException {
        if (current != null) {
            current.close();
            zip.closeEntry();
            parts.addObject().put("name", entryName).put("records", records).put("sizeBytes", counted.getByteCount())
                    .put("sha256", HexFormat.of().formatHex(digest.digest()));
            current = null;
        }
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        current.write(record);
        records++;
    }

    @Override
    public void close() throws IOException {
        closeEntry();
        zip.putNextEntry(new ZipEntry("manifest.json"));
        mapper.writerWithDefaultPrettyPrinter().writeValue(CloseShieldOutputStream.wrap(zip), manifest);
        zip.closeEntry();
        zip.close();
    }
}
