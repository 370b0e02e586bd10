package io.contextstore.migration.formats;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresForeignCsvTests extends ForeignCsvScenarios {
}
