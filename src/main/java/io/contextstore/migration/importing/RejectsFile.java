package io.contextstore.migration.importing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.format.Detected;
import io.contextstore.migration.format.RejectsDocument;
import io.contextstore.migration.format.RejectsFrame;
import io.contextstore.migration.operation.ImportResult.Rejects;
import io.contextstore.migration.record.SourceRecord;
import org.springframework.web.util.UriUtils;

/**
 * The rejected records of one import, as the input had them, so that they can be fixed and
 * imported again: {@code reports/<name>.rejects.<ext>} in the input's format, or a zip of one such
 * document per input when the records came from several (a zip's entries, a split export's parts).
 * Written as the records are refused, into a hidden file renamed when the import ends; an import
 * that refuses nothing leaves none.
 */
final class RejectsFile {

    static final String URL = "/api/data-migration/imports/%s/files/%s";

    private final Path folder;
    private final String operationId;
    private final String sourceName;
    private final List<Part> parts = new ArrayList<>();
    private String inputName;
    private String format;
    private RejectsFrame frame;
    private Detected detected;
    private Part current;
    private boolean fromZip;

    private record Part(String name, Path file, OutputStream out, RejectsDocument document) {
    }

    RejectsFile(Path folder, String operationId, String sourceName) {
        this.folder = folder;
        this.operationId = operationId;
        this.sourceName = sourceName;
    }

    /** The next bare input of the import, whose refused records come next. */
    void input(String name, String inputFormat, RejectsFrame inputFrame, Detected inputDetected, boolean inZip)
            throws IOException {
        closeCurrent();
        inputName = name;
        format = inputFormat;
        frame = inputFrame;
        detected = inputDetected;
        fromZip |= inZip;
    }

    void add(SourceRecord record) throws IOException {
        if (current == null) {
            Files.createDirectories(folder);
            Path file = folder.resolve("." + operationId + "." + parts.size() + ".rejects.tmp");
            OutputStream out = Files.newOutputStream(file);
            current = new Part(inputName, file, out, new RejectsDocument(out, format, frame, detected));
            parts.add(current);
        }
        current.document().add(record);
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.document().close();
            current = null;
        }
    }

    /** Written and renamed; null when nothing was refused. */
    Rejects finish() throws IOException {
        closeCurrent();
        if (parts.isEmpty()) {
            return null;
        }
        long records = 0;
        long omitted = 0;
        for (Part part : parts) {
            records += part.document().written();
            omitted += part.document().omitted();
        }
        String base = sourceName == null || sourceName.isBlank() ? operationId : Path.of(sourceName).getFileName().toString();
        Path target;
        if (parts.size() == 1 && !fromZip) {
            target = DataFolders.reserve(folder, base + ".rejects." + extension(format));
            Files.move(parts.get(0).file(), target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            target = DataFolders.reserve(folder, base + ".rejects.zip");
            zip(target);
        }
        String name = target.getFileName().toString();
        return new Rejects(name, records, omitted, URL.formatted(operationId,
                UriUtils.encodePathSegment(name, StandardCharsets.UTF_8)));
    }

    /** Each input's document as an entry named as that input, so that the zip imports as the original did. */
    private void zip(Path target) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Part part : parts) {
                String entry = part.name() == null ? "rejects-" + (names.size() + 1) + "." + extension(format) : part.name();
                while (names.contains(entry)) {
                    entry = "rejects-" + (names.size() + 1) + "-" + entry;
                }
                names.add(entry);
                zip.putNextEntry(new ZipEntry(entry));
                Files.copy(part.file(), zip);
                zip.closeEntry();
            }
        }
        for (Part part : parts) {
            Files.deleteIfExists(part.file());
        }
    }

    /** What was written so far, when the import leaves no result to name it in. */
    void discard() {
        try {
            closeCurrent();
        } catch (IOException | RuntimeException ignored) {
            // dropped either way
        }
        for (Part part : parts) {
            try {
                Files.deleteIfExists(part.file());
            } catch (IOException ignored) {
                // a hidden temporary file at worst
            }
        }
    }

    static String extension(String format) {
        return format.equals("markdown") ? "md" : format;
    }
}
