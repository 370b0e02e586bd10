package io.contextstore.migration.api;

import io.contextstore.migration.support.OnPostgres;

/**
 * The validator now refuses what PostgreSQL would (NUL characters, values longer than their
 * column), so no valid record reaches a refusal of the store here; StoreRefusalsTests covers how
 * one is described.
 */
@OnPostgres
class PostgresSafeOutputTests extends SafeOutputScenarios {

    @Override
    protected String refusedByTheStore() {
        return null;
    }

    @Override
    protected String refusal() {
        return null;
    }
}
