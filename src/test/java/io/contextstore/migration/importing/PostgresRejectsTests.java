package io.contextstore.migration.importing;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresRejectsTests extends RejectsScenarios {
}
