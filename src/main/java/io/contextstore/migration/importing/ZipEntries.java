package io.contextstore.migration.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.format.UncheckedInput;
import io.contextstore.migration.format.UnreadableInputException;
import io.contextstore.migration.record.DataType;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.springframework.stereotype.Component;

/**
 * The entries of a zip input as camel-zipfile's splitter hands them over, one exchange each: which
 * hold records, the data type their name gives ({@code sessions.csv}), and every entry, skipped
 * ones too, inflated against the import's one expansion budget. Entry names that climb out of the
 * archive ({@code ..}, absolute paths) are refused.
 */
@Component
public class ZipEntries {

    /** The zip layer was reached: reported as the input's compression unless an outer one was. */
    public void opened(ImportRun run) {
        run.unpacked("zip");
    }

    /** Whether the entry is a file of records for this import (not a folder, manifest, hidden file or another type). */
    public boolean holdsRecords(String entryName, ImportRun run) {
        String name = entryName.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || ("/" + name + "/").contains("/../")) {
            throw new UnreadableInputException("zip entry '" + entryName + "' points outside the archive; refused",
                    null, null);
        }
        String base = baseName(entryName);
        if (name.endsWith("/") || base.startsWith(".") || name.startsWith("__MACOSX/")
                || base.equalsIgnoreCase("manifest.json") || base.toLowerCase(Locale.ROOT).endsWith(".manifest.json")) {
            return false;
        }
        DataType named = typeOf(entryName);
        return run.dataType() == null || named == null || named == run.dataType();
    }

    /** The data type an entry's name gives, or null. */
    public DataType typeOf(String entryName) {
        String base = baseName(entryName);
        String stem = base.contains(".") ? base.substring(0, base.indexOf('.')) : base;
        return DataType.parse(stem).filter(t -> t.key().equals(stem.toLowerCase(Locale.ROOT))).orElse(null);
    }

    public String baseName(String entryName) {
        String name = entryName.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** The entry's bytes, counted against the budget; closing it leaves the archive open for the next entry. */
    public InputStream open(InputStream entry, ImportRun run) {
        return new UncheckedInput(new ExpansionGuard(CloseShieldInputStream.wrap(entry), run.budget()));
    }

    /** A skipped entry is still inflated to reach the next one: it counts against the budget as well. */
    public void skip(InputStream entry, ImportRun run) throws IOException {
        open(entry, run).transferTo(OutputStream.nullOutputStream());
    }

    /** After the last entry: a zip without a file of records is refused. */
    public void read(ImportRun run, int inputsBefore, String fileName, RuntimeException failure) {
        if (failure != null) {
            throw failure;
        }
        if (run.inputs() == inputsBefore) {
            throw new UnreadableInputException("the zip file '" + fileName + "' holds no record files", null, 0L);
        }
    }
}
