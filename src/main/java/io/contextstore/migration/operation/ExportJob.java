package io.contextstore.migration.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.format.RecordWriter;
import io.contextstore.migration.store.DataType;
import io.contextstore.migration.store.ExportCursor;

/** The state of one running export: the store cursor, the file being written, the count so far. */
public class ExportJob {

    private final String operationId;
    private final String user;
    private final DataType dataType;
    private final ExportOptions options;
    private final ExportCursor cursor;
    private final MeteredOutput output;
    private final RecordWriter writer;
    private final Path partFile;
    private final Path target;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private long lastProgressNanos;
    private long written;

    ExportJob(String operationId, String user, DataType dataType, ExportOptions options, ExportCursor cursor,
              MeteredOutput output, RecordWriter writer, Path partFile, Path target, Instant startedAt) {
        this.operationId = operationId;
        this.user = user;
        this.dataType = dataType;
        this.options = options;
        this.cursor = cursor;
        this.output = output;
        this.writer = writer;
        this.partFile = partFile;
        this.target = target;
        this.startedAt = startedAt;
    }

    /** Pages of records straight from the database cursor. */
    public ExportCursor getBatches() {
        return cursor;
    }

    void write(List<ObjectNode> records) throws IOException {
        for (ObjectNode record : records) {
            writer.write(record);
            written++;
        }
    }

    /** Ends the document and moves the finished file into place under its final name. */
    void finishFile() throws IOException {
        cursor.close();
        writer.close();
        Files.move(partFile, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops what was written; a failed export leaves no file behind. */
    void abandon() {
        cursor.close();
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the partial file is deleted next
        }
        try {
            Files.deleteIfExists(partFile);
        } catch (IOException ignored) {
            // nothing more can be done; the .part name keeps it out of downloads
        }
    }

    boolean progressDue(Duration every) {
        long now = System.nanoTime();
        if (now - lastProgressNanos < every.toNanos()) {
            return false;
        }
        lastProgressNanos = now;
        return true;
    }

    Progress progress() {
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
        double rate = written / seconds;
        long total = cursor.total();
        Instant eta = rate > 0 ? Instant.now().plusMillis((long) (Math.max(total - written, 0) / rate * 1000)) : null;
        return new Progress(written, total, written, 0, 0, 0, 0, output.bytesWritten(), null, rate, eta);
    }

    public String operationId() { return operationId; }
    public String user() { return user; }
    public DataType dataType() { return dataType; }
    public ExportOptions options() { return options; }
    Instant startedAt() { return startedAt; }
    long written() { return written; }
    Path target() { return target; }
    MeteredOutput output() { return output; }
}
