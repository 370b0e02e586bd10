package io.contextstore.migration.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.DataFolders;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.MigrationHeaders;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service on a random port: real routes, the real store (H2 file or PostgreSQL), real
 * files, real HTTP. Each test starts from an empty store and empty folders. The API tokens below
 * are for tests only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        "migration.max-upload-size=48MB",
        "migration.security.tokens[0].token=" + ScenarioSupport.OPERATOR_TOKEN,
        "migration.security.tokens[0].user=olivia",
        "migration.security.tokens[0].roles[0]=operator",
        "migration.security.tokens[1].sha256=" + ScenarioSupport.VIEWER_TOKEN_SHA256,
        "migration.security.tokens[1].user=victor",
        "migration.security.tokens[1].roles[0]=viewer",
        "migration.security.tokens[2].token=" + ScenarioSupport.ADMIN_TOKEN,
        "migration.security.tokens[2].user=ada",
        "migration.security.tokens[2].roles[0]=admin",
        "migration.security.tokens[3].token=your-token",
        "migration.security.tokens[3].user=guide-reader",
        "migration.security.tokens[3].roles[0]=operator"})
public abstract class ScenarioSupport {

    public static final String OPERATOR_TOKEN = "operator-test-token";
    public static final String VIEWER_TOKEN = "viewer-test-token";
    /** sha256("viewer-test-token"): this one is configured by its hash. */
    public static final String VIEWER_TOKEN_SHA256 = "f23b6c97f249447867895961de500a8d0d7ecced8c3f9ebd456e23462515734a";
    public static final String ADMIN_TOKEN = "admin-test-token";

    public static final List<String> STORE_TABLES = List.of("contexts", "sessions", "templates");

    @Autowired
    protected ProducerTemplate producer;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected DataFolders folders;
    @Autowired
    protected ObjectMapper mapper;

    @TempDir
    protected Path work;

    @LocalServerPort
    protected int port;
    /** The service's REST API over real HTTP. */
    protected ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @BeforeEach
    void emptyStoreAndFolders() throws IOException {
        for (String table : List.of("contexts", "sessions", "templates", "contexts_before", "sessions_before",
                "templates_before", "operations", "audit_log", "inbox_files", "inbox_locks", "export_watermarks")) {
            jdbc.update("DELETE FROM " + table);
        }
        for (Path folder : List.of(folders.archive(), folders.error(), folders.reports(), folders.outbox())) {
            deleteContents(folder);
        }
    }

    private static void deleteContents(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                if (!p.equals(folder)) {
                    Files.delete(p);
                }
            }
        }
    }

    protected ImportResult importFile(Path file, String dataType, Object options) {
        return producer.requestBodyAndHeaders("direct:import", file, headers(dataType, options), ImportResult.class);
    }

    protected ExportResult export(String dataType, Object options) {
        return producer.requestBodyAndHeaders("direct:export", null, headers(dataType, options), ExportResult.class);
    }

    private static Map<String, Object> headers(String dataType, Object options) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(MigrationHeaders.DATA_TYPE, dataType);
        headers.put(MigrationHeaders.USER, "tester");
        if (options != null) {
            headers.put(MigrationHeaders.OPTIONS, options);
        }
        return headers;
    }

    protected Path exported(ExportResult result) {
        return folders.outbox().resolve(result.files().get(0).name());
    }

    protected Path file(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content, StandardCharsets.UTF_8);
    }

    protected Path file(String name, byte[] content) throws IOException {
        return Files.write(work.resolve(name), content);
    }

    /** Drops a file into an inbox folder the way a careful user does: written elsewhere, then moved in. */
    protected Path drop(String folder, String name, byte[] content) throws IOException {
        Path staged = Files.write(work.resolve(name + ".staged"), content);
        Path target = folders.inbox().resolve(folder).resolve(name);
        Files.move(staged, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * Waits for a positive sign that the inbox has gone past every file dropped so far: a sentinel
     * dropped now is imported, then a second one dropped once the first was. The poll that took the
     * first had listed every file dropped before it; the second is listed by a later poll, so when it
     * is imported the first poll has handled all it listed. What is still in the inbox then was left
     * alone. Each sentinel is one session of its own, in {@code inbox/sessions/}.
     */
    protected void awaitInboxPassedBy() throws IOException {
        for (int i = 0; i < 2; i++) {
            String id = "sentinel-" + UUID.randomUUID();
            Path dropped = drop("sessions", id + ".ndjson", ("{\"id\":\"" + id + "\",\"name\":\"sentinel\","
                    + "\"userId\":\"inbox\"}\n").getBytes(StandardCharsets.UTF_8));
            Path report = folders.reports().resolve(id + ".ndjson.report.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(dropped) && Files.exists(report));
            assertThat(mapper.readTree(report.toFile()).get("status").asText()).as(id).isEqualTo("completed");
        }
    }

    protected long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /**
     * Every row of a table, every record column as text, ordered by id: equal dumps mean an equal
     * store. ({@code stored_at}, when the row was written, and the lineage, which operation wrote it
     * from where, are the store's own.)
     */
    protected List<Map<String, String>> dump(String table) {
        return dump(table, false);
    }

    /** As {@link #dump(String)}, with the lineage columns too when {@code lineage}. */
    protected List<Map<String, String>> dump(String table, boolean lineage) {
        List<String> own = lineage ? List.of("stored_at") : List.of("stored_at", "written_by", "source_name", "source_position");
        return jdbc.query("SELECT * FROM " + table + " ORDER BY id", (rs, n) -> {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                if (!own.contains(meta.getColumnLabel(c).toLowerCase())) {
                    row.put(meta.getColumnLabel(c).toLowerCase(), rs.getString(c));
                }
            }
            return row;
        });
    }

    protected Map<String, List<Map<String, String>>> dumpStore() {
        Map<String, List<Map<String, String>>> all = new LinkedHashMap<>();
        STORE_TABLES.forEach(t -> all.put(t, dump(t)));
        return all;
    }

    /** The records of a JSON array or NDJSON file, parsed. */
    protected List<ObjectNode> readRecords(Path file) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.stripLeading().startsWith("[")) {
            mapper.readTree(text).forEach(n -> records.add((ObjectNode) n));
        } else {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    records.add((ObjectNode) mapper.readTree(line));
                }
            }
        }
        return records;
    }
}
