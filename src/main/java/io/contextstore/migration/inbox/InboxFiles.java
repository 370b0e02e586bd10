package io.contextstore.migration.inbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.format.SplitManifest;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationRepository.SeenImport;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.operation.OperationSlots;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileOnCompletion;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;

/**
 * The inbox's side of an import: what a dropped file asks for, whether its content was seen
 * before, where it goes afterwards, and the report it leaves.
 */
@Component
public class InboxFiles {

    static final String OPTIONS_FILE = ".options.yaml";
    static final String INBOX_USER = "inbox";
    /** Set when the file's content was imported before: the earlier import. */
    public static final String DUPLICATE_OF = "MigrationDuplicateOf";
    private static final String ARCHIVED_AS = "MigrationArchivedAs";
    private static final String FAILED_AS = "MigrationFailedAs";
    private static final Logger log = LoggerFactory.getLogger(InboxFiles.class);

    private final DataFolders folders;
    private final ObjectMapper reportWriter;
    private final OperationRepository operations;

    private final Duration staleAfter;
    private final OperationSlots slots;

    public InboxFiles(DataFolders folders, ObjectMapper mapper, OperationRepository operations,
                      @Value("${migration.operations.stale-after:5m}")
                      Duration staleAfter, OperationSlots slots) {
        this.folders = folders;
        this.slots = slots;
        this.staleAfter = staleAfter;
        this.operations = operations;
        this.reportWriter = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * The folder names the data type; its {@code .options.yaml}, when present, gives the options.
     * The content's sha256 is what makes the file the same file after a copy or a rename.
     */
    public void prepare(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(File.class).toPath();
        Path folder = file.getParent();
        exchange.getMessage().setHeader(MigrationHeaders.DATA_TYPE, folder.getFileName().toString());
        exchange.getMessage().setHeader(MigrationHeaders.FILE_NAME, file.getFileName().toString());
        exchange.getMessage().setHeader(MigrationHeaders.USER, INBOX_USER);
        exchange.getMessage().setHeader(MigrationHeaders.SOURCE_SHA256, SplitManifest.sha256(file));
        exchange.getMessage().setHeader(MigrationHeaders.SOURCE_PATH,
                folders.inbox().relativize(file.toAbsolutePath().normalize()).toString().replace(File.separatorChar, '/'));
        Path options = folder.resolve(OPTIONS_FILE);
        exchange.getMessage().setHeader(MigrationHeaders.BASE_OPTIONS, Files.isRegularFile(options) ? options : null);
        exchange.getMessage().setBody(file);
    }

    /**
     * The content was taken before (by this or another instance). An import of it that a crash
     * interrupted is taken up again from its checkpoint (whatever the file is called now); content
     * already imported, or being imported right now, is not imported again; after a failed,
     * cancelled or dry-run import it is imported anew.
     */
    public void seenBefore(Exchange exchange) {
        String sha256 = exchange.getMessage().getHeader(MigrationHeaders.SOURCE_SHA256, String.class);
        String path = exchange.getMessage().getHeader(MigrationHeaders.SOURCE_PATH, String.class);
        SeenImport seen = operations.latestImportOf(sha256).orElse(null);
        if (seen == null || seen.dryRun()) {
            return;
        }
        switch (seen.status()) {
            case RUNNING, INTERRUPTED -> {
                if (operations.claimForResume(seen.id(), path, staleAfter)) {
                    exchange.getMessage().setHeader(MigrationHeaders.RESUME, seen.id());
                } else {
                    exchange.setProperty(DUPLICATE_OF, seen);
                }
            }
            case COMPLETED, COMPLETED_WITH_ERRORS -> exchange.setProperty(DUPLICATE_OF, seen);
            default -> {
                // failed or cancelled: imported anew
            }
        }
    }

    /**
     * Just before the import: while {@code migration.operations.max-concurrent} operations run, the
     * file waits where it is (read lock held and refreshed), and is imported once a slot frees.
     * Should the service stop meanwhile, the file is left in the inbox untouched, as after a crash:
     * the file component's completion, which would move it to {@code error/}, is handed to an
     * exchange that never completes, and its read lock is taken over after the lock's maximum age.
     */
    public void waitForSlot(Exchange exchange) throws InterruptedException {
        if (slots.tryTake(exchange)) {
            return;
        }
        String path = exchange.getMessage().getHeader(MigrationHeaders.SOURCE_PATH, String.class);
        log.info("inbox file {} waits: all operation slots are busy", path);
        try {
            slots.take(exchange);
        } catch (InterruptedException stopping) {
            exchange.getUnitOfWork().handoverSynchronization(new DefaultExchange(exchange.getContext()),
                    s -> s instanceof GenericFileOnCompletion);
            exchange.getExchangeExtension().handoverCompletions();
            log.info("inbox file {} left in the inbox: the service stops", path);
            Thread.currentThread().interrupt();
            throw stopping;
        }
        log.info("inbox file {} has an operation slot", path);
    }

    /**
     * A file whose content was imported before is archived with a report that says so and names the
     * import (whose own result stays in the operations history).
     */
    public void reportDuplicate(Exchange exchange) throws IOException {
        SeenImport seen = exchange.getProperty(DUPLICATE_OF, SeenImport.class);
        String name = exchange.getMessage().getHeader(MigrationHeaders.FILE_NAME, String.class);
        String path = exchange.getMessage().getHeader(MigrationHeaders.SOURCE_PATH, String.class);
        Path report = folders.reports().resolve(name + ".report.json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "skipped");
        body.put("file", path);
        body.put("message", "the same content (sha256 "
                + exchange.getMessage().getHeader(MigrationHeaders.SOURCE_SHA256, String.class) + ") "
                + (seen.status() == OperationStatus.RUNNING ? "is being imported" : "was imported") + " from "
                + seen.sourcePath() + " by operation " + seen.id() + "; not imported again");
        body.put("duplicateOf", seen.id());
        body.put("completedAt", Instant.now().toString());
        writeJson(report, body);
        log.info("inbox file {} skipped: its content was imported by operation {}", path, seen.id());
    }

    /**
     * Writes {@code reports/<name>.report.json}. A failed import also gets
     * {@code error/<name>.error.json} and ends the exchange in failure, which makes the file
     * component move the file to {@code error/}.
     */
    public void report(ImportResult result, Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(MigrationHeaders.FILE_NAME, String.class);
        writeJson(folders.reports().resolve(name + ".report.json"), result);
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        boolean failed = result.status() == OperationStatus.FAILED;
        if (!failed) {
            movePartsOf(path == null ? null : new File(path), archiveFolder());
        }
        if (failed) {
            String errorName = Path.of(errorPath(exchange)).getFileName().toString();
            List<RecordError> firstErrors = result.errors().subList(0, Math.min(10, result.errors().size()));
            writeJson(folders.error().resolve(errorName + ".error.json"), Map.of(
                    "file", name,
                    "failedAt", Instant.now().toString(),
                    "operationId", String.valueOf(result.operationId()),
                    "message", String.valueOf(result.message()),
                    "errors", firstErrors));
            throw new InboxFileRejectedException(name, result.message());
        }
    }

    /** Written beside and renamed, so whoever polls for a report never reads half of one. */
    private void writeJson(Path target, Object body) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".tmp");
        reportWriter.writeValue(partial.toFile(), body);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A symbolic link in an inbox folder: the link itself goes to {@code error/} beside its error
     * report, what it points to is neither read nor moved. Of instances racing for it, one moves it.
     */
    void refuseLink(Path link) throws IOException {
        String name = link.getFileName().toString();
        Path moved = reserve(folders.error(), name);
        try {
            Files.move(link, moved, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException taken) {
            Files.deleteIfExists(moved);
            return;
        }
        String path = folders.inbox().toAbsolutePath().normalize().relativize(link).toString().replace(File.separatorChar, '/');
        writeJson(folders.error().resolve(moved.getFileName() + ".error.json"), Map.of(
                "file", name,
                "failedAt", Instant.now().toString(),
                "message", "a symbolic link is not followed: " + path + " was refused, nothing was read from where it points"));
        log.warn("inbox file {} refused: it is a symbolic link, which is not followed", path);
    }

    /** Where an imported file goes: {@code archive/<date>/<name>}, with a suffix if that name is taken. */
    public String archivePath(Exchange exchange) throws IOException {
        return destination(exchange, ARCHIVED_AS, archiveFolder());
    }

    /** Where a failed file goes: {@code error/<name>}, with a suffix if that name is taken. */
    public String errorPath(Exchange exchange) throws IOException {
        return destination(exchange, FAILED_AS, folders.error());
    }

    private Path archiveFolder() {
        return folders.archive().resolve(LocalDate.now().toString());
    }

    /**
     * A name no file has in {@code folder}, reserved by creating it empty (the file component
     * replaces it with the file), so that instances sharing the folders never pick the same one.
     * Decided once per exchange: the error report is named after it before the file is moved.
     */
    private String destination(Exchange exchange, String property, Path folder) throws IOException {
        String chosen = exchange.getProperty(property, String.class);
        if (chosen != null) {
            return chosen;
        }
        chosen = reserve(folder, exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)).toString();
        exchange.setProperty(property, chosen);
        return chosen;
    }

    private static Path reserve(Path folder, String name) throws IOException {
        return DataFolders.reserve(folder, name);
    }

    /**
     * The parts of a split export that imported go to the archive with its manifest (the file
     * component moves the manifest): only files named as its parts, which the import checked. A
     * manifest that failed moves alone: its parts stay for a manifest dropped again.
     */
    private void movePartsOf(File file, Path to) throws IOException {
        if (file == null || !SplitManifest.isManifest(file.getName())) {
            return;
        }
        for (String part : SplitManifest.partNames(file.toPath(), reportWriter)) {
            Path source = file.toPath().resolveSibling(part);
            if (Files.isRegularFile(source)) {
                // onto the reserved (empty) name, never onto an earlier file
                Files.move(source, reserve(to, part), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
