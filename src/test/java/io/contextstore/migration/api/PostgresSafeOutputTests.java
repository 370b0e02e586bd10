package io.contextstore.migration.api;

import io.contextstore.migration.support.OnPostgres;

@OnPostgres
class PostgresSafeOutputTests extends SafeOutputScenarios {
}
