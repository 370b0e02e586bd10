package io.contextstore.migration.inbox;

import io.contextstore.migration.support.OnPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@OnPostgres
class PostgresEncryptedInboxTests extends EncryptedInboxScenarios {

    /** Folders of its own: the other PostgreSQL scenarios' context, still running, polls theirs. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        settings(registry, "target/test-data/encrypted-postgres");
    }
}
