package io.contextstore.migration.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.format.RecordWriter;
import io.contextstore.migration.store.DataType;
import io.contextstore.migration.store.ExportCursor;

/**
 * The state of one running export: a store cursor per data type (one, or three for {@code all}),
 * the file being written, the count so far.
 */
public class ExportJob {

    /** A page of records of one data type, as the route hands them to the writer. */
    public record Page(DataType type, List<ObjectNode> records) {
    }

    record Section(DataType type, ExportCursor cursor) {
    }

    private final String operationId;
    private final String user;
    private final String dataTypeName;
    private final ExportOptions options;
    private final List<Section> sections;
    private final MeteredOutput output;
    private final RecordWriter writer;
    private final Path partFile;
    private final Path target;
    private final Instant startedAt;
    private final Instant since;
    private final Instant watermark;
    private final io.contextstore.migration.mapping.TemplatePlan template;
    private final ProgressClock clock = new ProgressClock();
    private final long total;
    private int announced;
    private java.util.concurrent.atomic.AtomicBoolean cancelFlag = new java.util.concurrent.atomic.AtomicBoolean();
    private long written;

    ExportJob(String operationId, String user, String dataTypeName, ExportOptions options, List<Section> sections,
              MeteredOutput output, RecordWriter writer, Path partFile, Path target, Instant startedAt, Instant since,
              Instant watermark, io.contextstore.migration.mapping.TemplatePlan template) {
        this.template = template;
        this.since = since;
        this.watermark = watermark;
        this.operationId = operationId;
        this.user = user;
        this.dataTypeName = dataTypeName;
        this.options = options;
        this.sections = sections;
        this.output = output;
        this.writer = writer;
        this.partFile = partFile;
        this.target = target;
        this.startedAt = startedAt;
        this.total = sections.stream().mapToLong(s -> s.cursor().total()).sum();
    }

    /** Pages of records straight from the database cursors, one data type after the other. */
    public Iterator<Page> getBatches() {
        return new Iterator<>() {
            private int index;

            @Override
            public boolean hasNext() {
                while (index < sections.size() && !sections.get(index).cursor().hasNext()) {
                    index++;
                }
                return index < sections.size();
            }

            @Override
            public Page next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (cancelFlag.get()) {
                    throw new OperationCancelledException();
                }
                Section section = sections.get(index);
                return new Page(section.type(), section.cursor().next());
            }
        };
    }

    void write(Page page) throws IOException {
        announceThrough(page.type());
        for (ObjectNode record : page.records()) {
            writer.write(template == null ? record : template.forExport(record));
            written++;
        }
    }

    /** Starts the sections up to this type, empty ones included, so every section appears in the file. */
    private void announceThrough(DataType type) throws IOException {
        while (announced < sections.size()) {
            if (type != null && announced > 0 && sections.get(announced - 1).type() == type) {
                return;
            }
            writer.section(sections.get(announced).type());
            announced++;
        }
    }

    /** Ends the document and moves the finished file into place under its final name. */
    void finishFile() throws IOException {
        announceThrough(null);
        closeCursors();
        writer.close();
        Files.move(partFile, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops what was written; a failed export leaves no file behind. */
    void abandon() {
        closeCursors();
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

    private void closeCursors() {
        sections.forEach(s -> s.cursor().close());
    }

    boolean progressDue(Duration every) {
        return clock.due(every);
    }

    Progress progress() {
        double seconds = clock.seconds();
        double rate = written / seconds;
        Instant eta = rate > 0 ? Instant.now().plusMillis((long) (Math.max(total - written, 0) / rate * 1000)) : null;
        return new Progress(written, total, written, 0, 0, 0, 0, output.bytesWritten(), null, rate, eta);
    }

    public String operationId() { return operationId; }
    public String user() { return user; }
    public String dataTypeName() { return dataTypeName; }
    public ExportOptions options() { return options; }
    void cancelFlag(java.util.concurrent.atomic.AtomicBoolean flag) { this.cancelFlag = flag; }
    /** CSV of all types is a zip of one CSV per type. */
    String compression() { return sections.size() > 1 && options.format().equals("csv") ? "zip" : options.compression(); }
    Instant startedAt() { return startedAt; }
    /** Only records written into the store after this instant are exported (null: all). */
    Instant since() { return since; }
    /** The mark an incremental export sets when it completes. */
    Instant watermark() { return watermark; }
    long written() { return written; }
    Path target() { return target; }
    MeteredOutput output() { return output; }
}
