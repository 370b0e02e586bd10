package io.contextstore.migration.reconcile;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresReconcileTests extends ReconcileScenarios {
}
