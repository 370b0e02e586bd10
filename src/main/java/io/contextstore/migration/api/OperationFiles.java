package io.contextstore.migration.api;

import org.springframework.jdbc.core.ColumnMapRowMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;
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
 * Downloads of the files operations produce: an export's files from {@code outbox/}, an import's
 * rejects file from {@code reports/}. Only a file the operation's result lists is served, only to
 * the user who ran the operation or an admin, and as a stream.
 */
@Component
public class OperationFiles {

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

    public OperationFiles(OperationRepository operations, ObjectMapper mapper, DataFolders folders) {
        this.operations = operations;
        this.mapper = mapper;
        this.folders = folders;
    }

    public void download(String exportId, String requested, Exchange exchange) throws Exception {
        String name = fileName(requested);
        JsonNode result = resultOf(exportId, "export", exchange);
        boolean listed = false;
        for (JsonNode file : result.path("files")) {
            listed |= file.path("name").asText().equals(name);
        }
        serve(folders.outbox(), "outbox", listed, "export " + exportId, name, exchange);
    }

    /** An import's rejects file ({@code rejects.name} of its result). */
    public void rejects(String importId, String requested, Exchange exchange) throws Exception {
        String name = fileName(requested);
        JsonNode result = resultOf(importId, "import", exchange);
        serve(folders.reports(), "reports folder", result.path("rejects").path("name").asText().equals(name), "import " + importId, name,
                exchange);
    }

    /** A reconcile's report ({@code report.name} of its result). */
    public void reconcileReport(String reconcileId, String requested, Exchange exchange) throws Exception {
        String name = fileName(requested);
        JsonNode result = resultOf(reconcileId, "reconcile", exchange);
        serve(folders.outbox(), "outbox", result.path("report").path("name").asText().equals(name),
                "reconcile " + reconcileId, name, exchange);
    }

    /** The path segment as the client encoded it: platform-http hands path parameters on undecoded. */
    private static String fileName(String segment) {
        try {
            return UriUtils.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw ApiException.notFound("no file " + segment);
        }
    }

    private JsonNode resultOf(String id, String type, Exchange exchange) throws Exception {
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        List<Map<String, Object>> rows = operations.byId("username, type, result", id, new ColumnMapRowMapper())
                .stream().filter(row -> type.equals(row.get("type"))).toList();
        if (rows.isEmpty() || !caller.sees((String) rows.get(0).get("username"))) {
            throw ApiException.notFound("no " + type + " " + id);
        }
        Object result = rows.get(0).get("result");
        return result == null ? mapper.missingNode() : mapper.readTree(result.toString());
    }

    private void serve(Path folder, String where, boolean listed, String operation, String name, Exchange exchange) throws IOException {
        Path path = folder.resolve(name).normalize();
        if (!listed || !path.getParent().equals(folder)) {
            throw ApiException.notFound(operation + " has no file " + name);
        }
        if (!Files.isRegularFile(path)) {
            // every instance must see the data folder on one shared volume (README, "Several instances")
            throw ApiException.notFound("the file " + name + " of " + operation + " is not in the " + where + " this "
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
            throw ApiException.notFound("the file " + name + " of " + operation + " cannot be read from the "
                    + where + " this instance reads");
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, size);
        exchange.getMessage().setBody(content);
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
