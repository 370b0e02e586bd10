package io.contextstore.migration.api;

import org.springframework.jdbc.core.ColumnMapRowMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.DataFolders;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import io.contextstore.migration.operation.OperationRepository;
import java.util.Locale;

/**
 * Downloads of produced export files. Only a file the export's result lists is served, only to the
 * user who made the export or an admin, and as a stream from {@code outbox/}.
 */
@Component
public class ExportFiles {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("json", "application/json"),
            Map.entry("ndjson", "application/x-ndjson"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("xml", "application/xml"),
            Map.entry("yaml", "application/yaml"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("zip", "application/zip"),
            // a compressed or encrypted file is served as the file it is, not as content for the client to decode
            Map.entry("gz", "application/gzip"),
            Map.entry("br", "application/x-brotli"),
            Map.entry("zst", "application/zstd"),
            Map.entry("enc", "application/octet-stream"),
            Map.entry("pgp", "application/pgp-encrypted"));

    private final OperationRepository operations;
    private final ObjectMapper mapper;
    private final DataFolders folders;

    public ExportFiles(OperationRepository operations, ObjectMapper mapper, DataFolders folders) {
        this.operations = operations;
        this.mapper = mapper;
        this.folders = folders;
    }

    public void download(String exportId, String name, Exchange exchange) throws Exception {
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        List<Map<String, Object>> rows = operations.byId("username, type, result", exportId, new ColumnMapRowMapper())
                .stream().filter(row -> "export".equals(row.get("type"))).toList();
        if (rows.isEmpty() || !caller.sees((String) rows.get(0).get("username"))) {
            throw ApiException.notFound("no export " + exportId);
        }
        Object result = rows.get(0).get("result");
        JsonNode files = result == null ? null : mapper.readTree(result.toString()).path("files");
        boolean listed = false;
        for (JsonNode file : files == null ? List.<JsonNode>of() : files) {
            listed |= file.path("name").asText().equals(name);
        }
        Path path = folders.outbox().resolve(name).normalize();
        if (!listed || !path.getParent().equals(folders.outbox())) {
            throw ApiException.notFound("export " + exportId + " has no file " + name);
        }
        if (!Files.isRegularFile(path)) {
            // every instance must see the outbox on one shared data folder (README, "Several instances")
            throw ApiException.notFound("the file " + name + " of export " + exportId + " is not in the outbox this "
                    + "instance reads: it was removed, or the instances do not share the data folder");
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType(name));
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        long size;
        java.io.InputStream content;
        try {
            size = Files.size(path);
            content = Files.newInputStream(path);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw ApiException.notFound("the file " + name + " of export " + exportId + " cannot be read from the "
                    + "outbox this instance reads");
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, size);
        exchange.getMessage().setBody(content);
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
