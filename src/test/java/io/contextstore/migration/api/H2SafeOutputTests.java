package io.contextstore.migration.api;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2SafeOutputTests extends SafeOutputScenarios {
}
