package io.contextstore.migration.exporting;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.format.DocumentPage;
import io.contextstore.migration.mapping.ExportMapper;
import io.contextstore.migration.format.ExportLayout;
import io.contextstore.migration.operation.ExportOptions;
import io.contextstore.migration.operation.MigrationMetrics;
import io.contextstore.migration.operation.Progress;
import io.contextstore.migration.operation.ProgressClock;
import io.contextstore.migration.flow.ReadAhead;
import io.contextstore.migration.record.RecordPage;
import io.contextstore.migration.mapping.TemplatePlan;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.store.ExportCursor;
import io.contextstore.migration.store.WatermarkScope;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state of one running export: a store cursor per data type (one, or three for {@code all}),
 * the file being written (or, with {@code splitLargeFiles}, the current part and the finished
 * ones), the count so far.
 */
public class ExportRun implements DocumentPage.Document, ExportMapper.ExportMapping {

    record Section(DataType type, ExportCursor cursor) {
    }

    /** A finished file of the export. */
    record Finished(String name, long sizeBytes, String sha256, long records) {
    }

    private final String operationId;
    private final String user;
    private final String dataTypeName;
    private final ExportOptions options;
    private final List<Section> sections;
    private final ExportPart.Opener opener;
    private final long maxPartBytes;
    private final Instant startedAt;
    private final Instant since;
    private final WatermarkScope watermarkScope;
    private final Instant watermark;
    private final TemplatePlan template;
    private final String compression;
    private final ProgressClock clock = new ProgressClock();
    private final MigrationMetrics metrics;
    private final ExportLayout layout;
    private final ExportPart.Names names;
    private final String key;
    private final ExportDelivery delivery;
    private Path opening;
    private OutputStream openingStream;
    private final long total;
    private final List<Finished> finished = new ArrayList<>();
    private final List<Path> extraFiles = new ArrayList<>();
    private ExportPart part;
    private DataType section;
    private int announced;
    private long largestRecord;
    private AtomicBoolean cancelFlag = new AtomicBoolean();
    private long written;
    private long bytesOfFinished;
    private ReadAhead<RecordPage> ahead;

    ExportRun(String operationId, String user, String dataTypeName, ExportOptions options, List<Section> sections,
              ExportPart.Opener opener, long maxPartBytes, Instant startedAt, Instant since,
              WatermarkScope watermarkScope, Instant watermark, TemplatePlan template, String compression,
              MigrationMetrics metrics, ExportLayout layout, ExportPart.Names names, String key,
              ExportDelivery delivery) {
        this.delivery = delivery;
        this.metrics = metrics;
        this.layout = layout;
        this.names = names;
        this.key = key;
        this.compression = compression;
        this.operationId = operationId;
        this.user = user;
        this.dataTypeName = dataTypeName;
        this.options = options;
        this.sections = sections;
        this.opener = opener;
        this.maxPartBytes = maxPartBytes;
        this.startedAt = startedAt;
        this.since = since;
        this.watermarkScope = watermarkScope;
        this.watermark = watermark;
        this.template = template;
        this.total = sections.stream().mapToLong(s -> s.cursor().total()).sum();
    }

    /** Opens the first part; a failure on the way leaves the part file to {@link #abandon}. */
    void openFirstPart() throws IOException {
        this.part = opener.open(this, 1);
    }

    public static final String PROPERTY = "exportRun";

    /**
     * The query step: pages of records from the database cursors, one data type after the other,
     * fetched {@code depth} pages ahead on a thread of {@code fetching} while the route maps and
     * marshals the current one.
     */
    Iterator<RecordPage> pagesAhead(ExecutorService fetching, int depth) {
        ahead = new ReadAhead<>(pages(), depth, fetching);
        return ahead;
    }

    private Iterator<RecordPage> pages() {
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
            public RecordPage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Section s = sections.get(index);
                return new RecordPage(s.type(), s.cursor().next());
            }
        };
    }

    /**
     * The marshal step's work: a page into the document being written, a new part begun (through
     * the export-part route) where the current one is full.
     */
    @Override
    public void write(RecordPage page) throws IOException {
        long start = System.nanoTime();
        long bytesBefore = bytesOfFinished + part.output().bytesWritten();
        writePage(page);
        String type = page.type().key();
        metrics.records("export", type, "written", page.records().size());
        metrics.bytes("export", type, bytesOfFinished + part.output().bytesWritten() - bytesBefore);
        metrics.batch("export", type, System.nanoTime() - start);
    }

    private void writePage(RecordPage page) throws IOException {
        announceThrough(page.type());
        for (ObjectNode record : page.records()) {
            // a split part ends at a record boundary before a record as large as the largest so far would overflow it
            if (maxPartBytes > 0 && part.records() > 0 && part.contentBytes() + largestRecord > maxPartBytes) {
                nextPart();
            }
            long before = part.contentBytes();
            part.writer().write(record);
            largestRecord = Math.max(largestRecord, part.contentBytes() - before);
            part.counted();
            written++;
        }
    }

    private void nextPart() throws IOException {
        finishPart();
        part = opener.open(this, finished.size() + 1);
        if (section != null) {
            part.writer().section(section);
        }
    }

    private void finishPart() throws IOException {
        part.finish();
        String name = part.target().getFileName().toString();
        long size = part.output().bytesWritten();
        finished.add(new Finished(name, size, part.output().sha256(), part.records()));
        bytesOfFinished += size;
    }

    /** Starts the sections up to this type, empty ones included, so every section appears in the file. */
    private void announceThrough(DataType type) throws IOException {
        while (announced < sections.size()) {
            if (type != null && announced > 0 && sections.get(announced - 1).type() == type) {
                return;
            }
            section = sections.get(announced).type();
            part.writer().section(section);
            announced++;
        }
    }

    /** Ends the last document; the finished files, in order. */
    List<Finished> finishFiles() throws IOException {
        announceThrough(null);
        closeCursors();
        finishPart();
        return List.copyOf(finished);
    }

    /** Drops what was written; a failed export leaves no file behind. */
    void abandon() {
        closeCursors();
        if (part != null) {
            part.abandon();
        }
        if (opening != null) {
            try {
                openingStream.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
            extraFiles.add(opening);
        }
        List<Path> files = new ArrayList<>(extraFiles);
        if (delivery == null) {
            finished.forEach(f -> files.add(part.target().resolveSibling(f.name())));
        }
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: a failed export should leave nothing, and its files are not listed anywhere
            }
        }
    }

    /** A further file of the export (its manifest): removed too if the export fails after all. */
    void produced(Path file) {
        extraFiles.add(file);
    }

    private void closeCursors() {
        if (ahead != null) {
            ahead.close();
        }
        sections.forEach(s -> s.cursor().close());
    }

    boolean progressDue(Duration every) {
        return clock.due(every);
    }

    Progress progress() {
        double seconds = clock.seconds();
        double rate = written / seconds;
        Instant eta = rate > 0 ? Instant.now().plusMillis((long) (Math.max(total - written, 0) / rate * 1000)) : null;
        return new Progress(written, total, written, 0, 0, 0, 0, bytesOfFinished + part.output().bytesWritten(), null,
                rate, eta);
    }

    boolean split() {
        return maxPartBytes > 0;
    }

    public String operationId() { return operationId; }
    public String user() { return user; }
    public String dataTypeName() { return dataTypeName; }
    public ExportOptions options() { return options; }
    void cancelFlag(AtomicBoolean flag) { this.cancelFlag = flag; }
    /** A cancel was asked for; the export stops before its next page. */
    public boolean cancelled() { return cancelFlag.get(); }
    @Override
    public TemplatePlan template() { return template; }
    /** The format's name, which is its data format's. */
    public String format() { return options.format(); }
    ExportLayout layout() { return layout; }
    ExportPart.Names names() { return names; }
    String baseName() { return names.base(); }
    /** The aes-256-gcm key (the request's, else {@code MIGRATION_KEY}). */
    String key() { return key; }
    /** The caller's response the file goes to ({@code delivery: response}), or null for the outbox. */
    ExportDelivery delivery() { return delivery; }
    /** The part file being opened, until its writer is on it: deleted if the export fails before. */
    Path openingFile() { return opening; }

    void opening(Path file, OutputStream stream) {
        this.opening = file;
        this.openingStream = stream;
    }
    /** As reported: {@code zip} also when all types went into one zip of a file per type. */
    String compression() { return compression; }
    Instant startedAt() { return startedAt; }
    /** Only records written into the store after this instant are exported (null: all). */
    Instant since() { return since; }
    /** Whose watermark an incremental export moves, and for which records. */
    WatermarkScope watermarkScope() { return watermarkScope; }
    /** The mark an incremental export sets when it completes. */
    Instant watermark() { return watermark; }
    long written() { return written; }
}
