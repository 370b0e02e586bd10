package io.contextstore.migration.importing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.flow.ReadAhead;
import io.contextstore.migration.format.Detected;
import io.contextstore.migration.format.Reading;
import io.contextstore.migration.mapping.MappingSettings;
import io.contextstore.migration.mapping.RecordMapping;
import io.contextstore.migration.mapping.TemplatePlan;
import io.contextstore.migration.operation.ImportOptions;
import io.contextstore.migration.record.RecordTypes;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.store.Duplicates;
import io.contextstore.migration.store.WriteSettings;
import org.springframework.transaction.TransactionStatus;

/**
 * One running import, carried through the import routes as the exchange property
 * {@value #PROPERTY}: what it was asked to do (options, mapping, template, data type), its input,
 * its store transaction, and the {@link ImportTally} its stages add their outcomes to. The stages
 * read it through the arguments the routes bind; only the tally and the transaction change.
 */
public final class ImportRun implements MappingSettings, WriteSettings {

    public static final String PROPERTY = "importRun";

    private final String operationId;
    private final String user;
    private final String sourceName;
    private final Path manifest;
    private final ImportOptions options;
    private final RecordMapping mapping;
    private final TemplatePlan template;
    private final MeteredInput input;
    private final String key;
    private final ExpansionGuard.Budget budget;
    private final Reading reading;
    private final Instant startedAt;
    private final ImportTally tally;
    private final RecordTypes types;
    private final boolean checkpointed;
    private final List<Closeable> readers = new ArrayList<>();
    private final List<ReadAhead<?>> readingAhead = new ArrayList<>();
    private AtomicBoolean cancel = new AtomicBoolean();
    private TransactionStatus transaction;
    private boolean decrypting;
    private long toSkip;
    private Detected detected;
    private String compression;
    private int inputs;
    private final AtomicLong partBytes = new AtomicLong();

    private final RejectsFile rejects;
    private boolean reconciling;

    ImportRun(String operationId, String user, String sourceName, Path manifest, ImportOptions options,
              RecordMapping mapping, TemplatePlan template, MeteredInput input, String key,
              ExpansionGuard.Budget budget, Reading reading, Instant startedAt, ImportTally tally, boolean checkpointed,
              RejectsFile rejects) {
        this.rejects = rejects;
        this.operationId = operationId;
        this.user = user;
        this.sourceName = sourceName;
        this.manifest = manifest;
        this.options = options;
        this.mapping = mapping;
        this.template = template;
        this.input = input;
        this.key = key;
        this.budget = budget;
        this.reading = reading;
        this.startedAt = startedAt;
        this.tally = tally;
        this.types = new RecordTypes(reading.wanted());
        this.checkpointed = checkpointed;
    }

    public String operationId() { return operationId; }
    RejectsFile rejects() { return rejects; }

    /** A reconcile: the records are compared with the store, never written, and get no defaults. */
    void reconciling() { reconciling = true; }

    @Override
    public boolean fillsDefaults() { return !reconciling; }
    public String user() { return user; }
    public String sourceName() { return sourceName; }
    public ImportOptions options() { return options; }
    @Override
    public RecordMapping mapping() { return mapping; }
    /** The template of {@code templateId}, or null. */
    @Override
    public TemplatePlan template() { return template; }
    @Override
    public boolean validateSchema() { return options.validateSchema(); }
    @Override
    public RecordTypes types() { return types; }
    public ImportTally tally() { return tally; }
    public Instant startedAt() { return startedAt; }
    public DataType dataType() { return reading.wanted(); }
    /** How the record data formats read this import's inputs. */
    public Reading reading() { return reading; }
    /** The key of an aes-256-gcm layer (the request's, else {@code MIGRATION_KEY}), or null. */
    String key() { return key; }
    /** The expansion allowed to the whole input, all its layers, entries and parts together. */
    public ExpansionGuard.Budget budget() { return budget; }
    MeteredInput input() { return input; }

    @Override
    public Duplicates duplicates() {
        return options.overwriteExisting() ? Duplicates.OVERWRITE
                : options.skipDuplicates() ? Duplicates.SKIP : Duplicates.REJECT;
    }

    /** The input is a split export's manifest: its parts are read, in order, as one input. */
    public boolean splitExport() {
        return manifest != null;
    }

    Path manifest() { return manifest; }

    /** The bytes read of a split export's parts, which its expansion budget is measured against. */
    AtomicLong partBytes() { return partBytes; }

    /** A cancel was asked for; the import stops before its next batch. */
    public boolean cancelled() {
        return cancel.get();
    }

    void cancelFlag(AtomicBoolean flag) { this.cancel = flag; }

    @Override
    public TransactionStatus transaction() { return transaction; }
    void transaction(TransactionStatus transaction) { this.transaction = transaction; }

    /** A layer of the input is being decrypted: it is authenticated only at its end, so nothing is committed before. */
    public void decrypting() {
        decrypting = true;
    }

    /** Whether this import commits as it goes, with checkpoints a restart resumes from. */
    boolean checkpointing() {
        return checkpointed && !decrypting;
    }

    /**
     * Whether the next record is one a previous run committed, which a resumed import reads past;
     * across all its inputs (zip entries, parts), as they were numbered when committed.
     */
    boolean skipsNext() {
        return toSkip > 0;
    }

    /** A record read past. */
    void skippedOne() {
        toSkip--;
    }

    /**
     * Records taken from the inputs so far, read or read past: what a part's count is checked
     * against. The tally's count starts at the records a resume reads past, which are read past
     * before any other, so what is left to read past is all that is not taken yet.
     */
    public long seen() {
        return tally.read() - toSkip;
    }

    void skip(long records) { this.toSkip = records; }

    /** An input of records was opened (the file, a part, a zip entry): the first one's sniffing is the result's. */
    void opened(Detected inputDetected, Closeable reader) {
        readers.add(reader);
        if (inputs++ == 0) {
            detected = inputDetected;
        }
    }

    /** A stream of the input opened outside a reader (a part's file): closed with the readers if the import fails. */
    void track(Closeable stream) {
        readers.add(stream);
    }

    /** A compression layer was taken off; the outermost one is reported. */
    public void unpacked(String layer) {
        if (compression == null) {
            compression = layer;
        }
    }

    int inputs() { return inputs; }

    /** What was sniffed, as the result reports it. */
    Detected detected() {
        Detected d = detected != null ? detected : new Detected(null, "none", null, false, null, null, null);
        if (compression != null) {
            d = new Detected(d.format(), compression, d.encoding(), d.bom(), d.lineEnding(), d.delimiter(), d.dataType());
        }
        return reading.wanted() != null ? d : d.withDataType(types.noneSeen() ? null : types.name());
    }

    /** Batches read and prepared ahead of the writer, on a thread of their own. */
    <T> ReadAhead<T> readingAhead(ReadAhead<T> ahead) {
        readingAhead.add(ahead);
        return ahead;
    }

    /** Stops reading ahead, and returns once the reading thread has let go of the input. */
    void stopReadingAhead() {
        readingAhead.forEach(ReadAhead::close);
        readingAhead.clear();
    }

    /** Closes what is still open of the input: its readers, then the file. */
    void closeReaders() {
        stopReadingAhead();
        for (Closeable reader : readers) {
            try {
                reader.close();
            } catch (IOException | RuntimeException ignored) {
                // the input is done with either way
            }
        }
        readers.clear();
    }
}
