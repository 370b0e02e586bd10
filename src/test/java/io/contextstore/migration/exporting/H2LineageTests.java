package io.contextstore.migration.exporting;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2LineageTests extends LineageScenarios {
}
