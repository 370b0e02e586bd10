package io.contextstore.migration.inbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.format.SplitManifest;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.RecordError;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The inbox's side of an import: what a dropped file asks for, and the report it leaves. */
@Component
public class InboxFiles {

    static final String OPTIONS_FILE = ".options.yaml";
    static final String INBOX_USER = "inbox";

    private final DataFolders folders;
    private final ObjectMapper reportWriter;

    public InboxFiles(DataFolders folders, ObjectMapper mapper) {
        this.folders = folders;
        this.reportWriter = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The folder names the data type; its {@code .options.yaml}, when present, gives the options. */
    public void prepare(Exchange exchange) {
        Path file = exchange.getMessage().getBody(File.class).toPath();
        Path folder = file.getParent();
        exchange.getMessage().setHeader(MigrationHeaders.DATA_TYPE, folder.getFileName().toString());
        exchange.getMessage().setHeader(MigrationHeaders.FILE_NAME, file.getFileName().toString());
        exchange.getMessage().setHeader(MigrationHeaders.USER, INBOX_USER);
        Path options = folder.resolve(OPTIONS_FILE);
        exchange.getMessage().setHeader(MigrationHeaders.BASE_OPTIONS, Files.isRegularFile(options) ? options : null);
        exchange.getMessage().setBody(file);
    }

    /** The parts of a split export go where its manifest goes (the file component moves the manifest). */
    private void movePartsOf(File file, boolean imported) throws IOException {
        if (file == null || !SplitManifest.isManifest(file.getName())) {
            return;
        }
        Path to = imported ? folders.archive().resolve(java.time.LocalDate.now().toString()) : folders.error();
        Files.createDirectories(to);
        for (String part : SplitManifest.partNames(file.toPath(), reportWriter)) {
            Path source = file.toPath().resolveSibling(part);
            if (Files.isRegularFile(source)) {
                Files.move(source, to.resolve(part), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Writes {@code reports/<name>.report.json}. A failed import also gets
     * {@code error/<name>.error.json} and ends the exchange in failure, which makes the file
     * component move the file to {@code error/}.
     */
    public void report(ImportResult result, Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(MigrationHeaders.FILE_NAME, String.class);
        reportWriter.writeValue(folders.reports().resolve(name + ".report.json").toFile(), result);
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        movePartsOf(path == null ? null : new File(path), result.status() != OperationStatus.FAILED);
        if (result.status() == OperationStatus.FAILED) {
            List<RecordError> firstErrors = result.errors().subList(0, Math.min(10, result.errors().size()));
            reportWriter.writeValue(folders.error().resolve(name + ".error.json").toFile(), Map.of(
                    "file", name,
                    "failedAt", Instant.now().toString(),
                    "operationId", String.valueOf(result.operationId()),
                    "message", String.valueOf(result.message()),
                    "errors", firstErrors));
            throw new InboxFileRejectedException(name, result.message());
        }
    }
}
