package io.contextstore.migration.formats;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2ForeignCsvTests extends ForeignCsvScenarios {
}
