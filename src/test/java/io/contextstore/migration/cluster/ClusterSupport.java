package io.contextstore.migration.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import io.contextstore.migration.support.PostgresAvailable;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Services in JVMs of their own sharing one PostgreSQL schema and one data folder, as a
 * deployment of several instances shares them.
 */
@ExtendWith(PostgresAvailable.class)
abstract class ClusterSupport {

    /** Kept after the run: each instance's log is there. */
    Path root;
    Path dataDir;
    String schema;
    JdbcTemplate jdbc;
    private SingleConnectionDataSource dataSource;

    @BeforeEach
    void freshSchemaAndFolders() throws IOException {
        schema = "migration_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        root = Path.of("target", "it", getClass().getSimpleName() + "-" + schema).toAbsolutePath();
        dataDir = root.resolve("data");
        dataSource = new SingleConnectionDataSource(PostgresAvailable.url(), PostgresAvailable.user(),
                PostgresAvailable.password(), true);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        dataSource.destroy();
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + schema + "." + table, Long.class);
    }

    Path inbox(String folder) {
        return dataDir.resolve("inbox").resolve(folder);
    }

    Path archiveToday() {
        return dataDir.resolve("archive").resolve(LocalDate.now(ZoneId.systemDefault()).toString());
    }

    /** Written beside the inbox and renamed in, as careful producers do. */
    Path drop(String folder, String name, Path staged) throws IOException {
        Path target = inbox(folder).resolve(name);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** {@code count} contexts with ids {@code prefix-000001}..., staged beside the inbox. */
    Path contexts(String prefix, int count) throws IOException {
        Files.createDirectories(dataDir);
        return TestRecords.writeBulkContexts(dataDir.resolve(prefix + ".ndjson.staged"), prefix, count);
    }
}
