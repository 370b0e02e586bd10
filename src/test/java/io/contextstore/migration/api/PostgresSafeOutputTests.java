package io.contextstore.migration.api;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresSafeOutputTests extends SafeOutputScenarios {

    /** PostgreSQL text cannot hold a NUL character. */
    @Override
    protected String refusedByTheStore() {
        return "{\"id\":\"r1\",\"title\":\"a\\u0000b\",\"content\":\"c\"}";
    }

    @Override
    protected String refusal() {
        return "text the store cannot hold (such as a NUL character) (SQLSTATE 22021)";
    }
}
