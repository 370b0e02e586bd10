package io.contextstore.migration.undo;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresUndoTests extends UndoScenarios {
}
