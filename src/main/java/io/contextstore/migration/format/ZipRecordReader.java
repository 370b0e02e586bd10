package io.contextstore.migration.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.contextstore.migration.store.DataType;
import io.contextstore.migration.compression.ExpansionGuard;
import org.apache.commons.io.input.CloseShieldInputStream;

/**
 * The records of every file in a zip, entry after entry as the archive streams by (an export of
 * all types as CSV is a zip of one CSV per type). An entry named after a data type
 * ({@code sessions.csv}) holds that type; with a data type asked for, entries of other types are
 * left out. Entry names that climb out of the archive ({@code ..}, absolute paths) are refused.
 */
final class ZipRecordReader implements RecordReader {

    private final ZipInputStream zip;
    private final RecordFormats formats;
    private final String requestedFormat;
    private final String csvDelimiter;
    private final DataType wanted;
    private RecordReader current;
    private DataType currentType;
    private long position;
    private boolean done;

    private final Unpacking unpacking;
    private final int layer;

    private ZipRecordReader(ZipInputStream zip, RecordFormats formats, String requestedFormat, String csvDelimiter,
                            DataType wanted, Unpacking unpacking, int layer) {
        this.unpacking = unpacking;
        this.layer = layer;
        this.zip = zip;
        this.formats = formats;
        this.requestedFormat = requestedFormat;
        this.csvDelimiter = csvDelimiter;
        this.wanted = wanted;
    }

    static RecordFormats.Opened open(InputStream in, String fileName, RecordFormats formats, String requestedFormat,
                                     String csvDelimiter, DataType wanted, Unpacking unpacking, int layer)
            throws IOException {
        ZipRecordReader reader = new ZipRecordReader(new ZipInputStream(in), formats, requestedFormat, csvDelimiter,
                wanted, unpacking, layer);
        Detected first = reader.nextEntry();
        if (first == null) {
            throw new UnreadableInputException("the zip file '" + fileName + "' holds no record files", null, 0L);
        }
        return new RecordFormats.Opened(reader, new Detected(first.format(), "zip", first.encoding(), first.bom(),
                first.lineEnding(), first.delimiter(), wanted == null ? null : wanted.key()));
    }

    /** Opens the reader of the next entry with records; null when there is none. */
    private Detected nextEntry() throws IOException {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName().replace('\\', '/');
            if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || ("/" + name + "/").contains("/../")) {
                throw new UnreadableInputException("zip entry '" + entry.getName()
                        + "' points outside the archive; refused", null, null);
            }
            String base = name.substring(name.lastIndexOf('/') + 1);
            if (entry.isDirectory() || base.startsWith(".") || name.startsWith("__MACOSX/")
                    || base.equalsIgnoreCase("manifest.json") || base.toLowerCase(Locale.ROOT).endsWith(".manifest.json")) {
                skip();
                continue;
            }
            String stem = base.contains(".") ? base.substring(0, base.indexOf('.')) : base;
            DataType named = DataType.parse(stem).filter(t -> t.key().equals(stem.toLowerCase(Locale.ROOT))).orElse(null);
            if (wanted != null && named != null && named != wanted) {
                skip();
                continue;
            }
            currentType = wanted != null ? wanted : named;
            // every entry counts against the input's one expansion budget
            ExpansionGuard guarded = new ExpansionGuard(CloseShieldInputStream.wrap(zip), unpacking.budget());
            RecordFormats.Opened opened = formats.open(new UncheckedInput(guarded), base, requestedFormat,
                    csvDelimiter, currentType, unpacking, layer + 1);
            current = opened.reader();
            return opened.detected();
        }
        return null;
    }

    /** A skipped entry is still inflated to reach the next one: it counts against the budget as well. */
    private void skip() throws IOException {
        new UncheckedInput(new ExpansionGuard(CloseShieldInputStream.wrap(zip), unpacking.budget()))
                .transferTo(java.io.OutputStream.nullOutputStream());
    }

    @Override
    public boolean hasNext() {
        try {
            while (!done && !current.hasNext()) {
                current.close();
                if (nextEntry() == null) {
                    done = true;
                }
            }
        } catch (IOException e) {
            done = true;
            throw new UnreadableInputException("the zip file cannot be read: " + IoMessages.describe(e), null, null);
        }
        return !done;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord record = current.next();
        return record.at(++position).in(record.dataType() == null ? currentType : null);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
