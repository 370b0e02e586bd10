package io.contextstore.migration.inbox;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresManifestInboxTests extends ManifestInboxScenarios {
}
