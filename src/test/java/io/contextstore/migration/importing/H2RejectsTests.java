package io.contextstore.migration.importing;

import io.contextstore.migration.support.OnH2;

@OnH2
class H2RejectsTests extends RejectsScenarios {
}
