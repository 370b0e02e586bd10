package io.contextstore.migration.packaging;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresPackagingTests extends PackagingScenarios {
}
