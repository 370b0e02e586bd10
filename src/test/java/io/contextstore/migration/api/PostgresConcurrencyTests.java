package io.contextstore.migration.api;

import io.contextstore.migration.support.OnPostgres;
import org.springframework.test.context.TestPropertySource;

/** A data folder of its own: the other scenarios' contexts poll the shared inbox. */
@OnPostgres
@TestPropertySource(properties = "migration.data-dir=target/test-data/postgres-concurrency")
class PostgresConcurrencyTests extends ConcurrencyScenarios {
}
