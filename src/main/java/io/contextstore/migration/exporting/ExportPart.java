package io.contextstore.migration.exporting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.contextstore.migration.compression.Compression;
import io.contextstore.migration.format.RecordWriter;
import org.apache.commons.io.output.CountingOutputStream;

/**
 * One file an export is writing: written as {@code .<name>.part} and moved to its name when
 * complete, or (no {@code partFile}) into the caller's response. {@code content} counts what the
 * writer has produced, before compression and encryption, to tell when a split part is full.
 */
final class ExportPart {


    /** Opens part {@code index} (1-based) of an export. */
    @FunctionalInterface
    interface Opener {
        ExportPart open(ExportRun run, int index) throws IOException;
    }

    /**
     * How an export's files are named: {@code <base>[.partNNN].<extension><compression><seal>},
     * e.g. {@code contexts-20260101T000000Z-1a2b3c4d.part001.json.gz.enc}.
     */
    record Names(String base, boolean split, String extension, Compression compression, String seal) {
        String document(int index) {
            return base + (split ? String.format(".part%03d", index) : "") + "." + extension;
        }

        String file(int index) {
            return document(index) + compression.extension() + seal;
        }
    }

    private final Path partFile;
    private final Path target;
    private final MeteredOutput output;
    private final CountingOutputStream content;
    private final RecordWriter writer;
    private long records;

    ExportPart(Path partFile, Path target, MeteredOutput output, CountingOutputStream content, RecordWriter writer) {
        this.partFile = partFile;
        this.target = target;
        this.output = output;
        this.content = content;
        this.writer = writer;
    }

    RecordWriter writer() {
        return writer;
    }

    long contentBytes() {
        return content.getByteCount() + writer.buffered();
    }

    void counted() {
        records++;
    }

    long records() {
        return records;
    }

    MeteredOutput output() {
        return output;
    }

    Path target() {
        return target;
    }

    /** Ends the document and moves the finished file into place under its name; a response ends with its call. */
    void finish() throws IOException {
        writer.close();
        if (partFile != null) {
            Files.move(partFile, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Drops what was written; a failed export leaves no file behind. */
    void abandon() {
        if (partFile == null) {
            // closing would flush the document's end into the answer, which the API route replaces or breaks off
            return;
        }
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the partial file is deleted next
        } finally {
            try {
                output.close();
            } catch (IOException ignored) {
                // closed as far as it can be; the file is deleted next
            }
        }
        try {
            Files.deleteIfExists(partFile);
        } catch (IOException ignored) {
            // nothing more can be done; the .part name keeps it out of downloads
        }
    }
}
