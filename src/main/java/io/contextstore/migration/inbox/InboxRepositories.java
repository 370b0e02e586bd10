package io.contextstore.migration.inbox;

import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.config.ReservedStore;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The inbox route's repositories in the store, on the reserved pool: contents seen, and read locks. */
@Configuration(proxyBeanMethods = false)
class InboxRepositories {

    @Bean
    InboxContents inboxContentRepository(ReservedStore reserved) {
        return new InboxContents(reserved.dataSource(), reserved.separate());
    }

    /** Read locks on inbox files, shared by the instances polling the inbox, refreshed on the reserved pool. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    InboxFileLocks inboxFileLocks(ReservedStore reserved, CamelContext camelContext, MigrationProperties properties) {
        return new InboxFileLocks(reserved.dataSource(), reserved.transactions(), camelContext,
                properties.inbox().lockMaxAge().toMillis());
    }
}
