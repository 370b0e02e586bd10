package io.contextstore.migration.api;

import io.contextstore.migration.support.OnH2;
import org.springframework.test.context.TestPropertySource;

/** A data folder and H2 store of its own: the other scenarios' contexts poll the shared inbox. */
@OnH2
@TestPropertySource(properties = "migration.data-dir=target/test-data/h2-concurrency")
class H2ConcurrencyTests extends ConcurrencyScenarios {
}
