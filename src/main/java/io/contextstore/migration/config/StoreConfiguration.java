package io.contextstore.migration.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.contextstore.migration.inbox.InboxContents;
import io.contextstore.migration.inbox.InboxFileLocks;
import io.contextstore.migration.store.DataType;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    /** The sha256 of every inbox file taken, in the store, so every instance sharing it agrees. */
    @Bean
    InboxContents inboxContentRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        return new InboxContents(dataSource, own(transactions));
    }

    /** Read locks on inbox files, shared by the instances polling the inbox. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    InboxFileLocks inboxFileLocks(DataSource dataSource, PlatformTransactionManager transactions,
                                  CamelContext camelContext, MigrationProperties properties) {
        return new InboxFileLocks(dataSource, transactions, camelContext,
                properties.inbox().lockMaxAge().toMillis());
    }

    private static TransactionTemplate own(PlatformTransactionManager transactions) {
        TransactionTemplate own = new TransactionTemplate(transactions);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return own;
    }

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
