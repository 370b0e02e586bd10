package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.store.DataType;
import org.apache.commons.io.output.CloseShieldOutputStream;

/** CSV holds one record type per file, so an export of all types is a zip of one CSV per type (SPEC §6). */
final class CsvZipWriter implements RecordWriter {

    private final ZipOutputStream zip;
    private final ExportLayout layout;
    private CsvRecordWriter current;

    CsvZipWriter(OutputStream out, ExportLayout layout) {
        this.zip = new ZipOutputStream(out);
        this.layout = layout;
    }

    @Override
    public void section(DataType type) throws IOException {
        closeEntry();
        zip.putNextEntry(new ZipEntry(type.key() + ".csv"));
        current = new CsvRecordWriter(CloseShieldOutputStream.wrap(zip), layout.csvColumns().get(type), ',',
                layout.spreadsheetSafe());
    }

    private void closeEntry() throws IOException {
        if (current != null) {
            current.close();
            zip.closeEntry();
            current = null;
        }
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        current.write(record);
    }

    @Override
    public void close() throws IOException {
        closeEntry();
        zip.close();
    }
}
