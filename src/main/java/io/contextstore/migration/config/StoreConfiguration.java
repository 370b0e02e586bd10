package io.contextstore.migration.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.contextstore.migration.record.DataType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /**
     * A second pool on the same store, configured as the main one ({@code spring.datasource.*}) but
     * with {@code migration.operations.reserved-connections} connections. Not a {@code DataSource}
     * bean, so Spring Boot's own data source, Flyway and transaction manager stay as they are.
     */
    @Bean
    ReservedStore reservedStore(DataSource dataSource, OperationLimits limits) {
        DataSource reserved = dataSource;
        if (dataSource instanceof HikariDataSource main) {
            HikariConfig config = new HikariConfig();
            main.copyStateTo(config);
            config.setPoolName((main.getPoolName() == null ? "migration" : main.getPoolName()) + "-reserved");
            config.setMaximumPoolSize(limits.reservedConnections());
            config.setMinimumIdle(Math.min(main.getMinimumIdle(), limits.reservedConnections()));
            reserved = new HikariDataSource(config);
            if (main.getMaximumPoolSize() < limits.operationConnections()) {
                log.warn("spring.datasource.hikari.maximum-pool-size is {}: {} operations at once "
                        + "(migration.operations.max-concurrent) may hold up to {} connections and wait for one",
                        main.getMaximumPoolSize(), limits.maxConcurrent(), limits.operationConnections());
            }
        } else {
            log.warn("the data source is not a Hikari pool: locks, progress and audit share its connections");
        }
        return new ReservedStore(reserved, new DataSourceTransactionManager(reserved), new JdbcTemplate(reserved));
    }

    /** The sha256 of every inbox file taken, in the store, so every instance sharing it agrees. */
    /** The folders under the data directory, made at start so users can drop files at once. */
    @Bean
    DataFolders dataFolders(MigrationProperties properties) throws IOException {
        Path root = properties.dataDir().toAbsolutePath().normalize();
        for (String folder : new String[] {"archive", "error", "reports", "outbox"}) {
            Files.createDirectories(root.resolve(folder));
        }
        for (DataType type : DataType.values()) {
            Files.createDirectories(root.resolve("inbox").resolve(type.key()));
        }
        // files of any type, or of all types at once: each record's type comes from the file
        Files.createDirectories(root.resolve("inbox").resolve("auto"));
        return new DataFolders(root);
    }
}
