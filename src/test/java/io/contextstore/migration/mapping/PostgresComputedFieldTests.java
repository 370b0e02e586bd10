package io.contextstore.migration.mapping;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresComputedFieldTests extends ComputedFieldScenarios {
}
