package io.contextstore.migration.reconcile;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2ReconcileTests extends ReconcileScenarios {
}
