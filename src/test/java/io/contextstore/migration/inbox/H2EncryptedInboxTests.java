package io.contextstore.migration.inbox;

import io.contextstore.migration.support.OnH2;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@OnH2
class H2EncryptedInboxTests extends EncryptedInboxScenarios {

    /** Folders of its own: the other H2 scenarios' context, still running, polls theirs. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        settings(registry, "target/test-data/encrypted-h2");
    }
}
