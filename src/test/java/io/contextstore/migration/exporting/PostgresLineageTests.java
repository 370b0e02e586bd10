package io.contextstore.migration.exporting;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresLineageTests extends LineageScenarios {
}
